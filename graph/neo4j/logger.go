package neo4j

import (
	"context"
	"fmt"
	"log/slog"
)

// driverLogger passes the driver's logs to a slog.Logger. The driver calls
// Error for failures it may still retry, so they are warnings here; its
// information is debug output.
type driverLogger struct{ logger *slog.Logger }

// Error implements the driver's log.Logger.
func (l driverLogger) Error(name, id string, err error) {
	l.log(slog.LevelWarn, name, id, "neo4j driver error", "error", err)
}

// Warnf implements the driver's log.Logger.
func (l driverLogger) Warnf(name, id, msg string, args ...any) {
	l.logf(slog.LevelWarn, name, id, msg, args...)
}

// Infof implements the driver's log.Logger.
func (l driverLogger) Infof(name, id, msg string, args ...any) {
	l.logf(slog.LevelDebug, name, id, msg, args...)
}

// Debugf implements the driver's log.Logger.
func (l driverLogger) Debugf(name, id, msg string, args ...any) {
	l.logf(slog.LevelDebug, name, id, msg, args...)
}

func (l driverLogger) logf(level slog.Level, name, id, msg string, args ...any) {
	if !l.logger.Enabled(context.Background(), level) {
		return
	}
	l.log(level, name, id, "neo4j driver: "+fmt.Sprintf(msg, args...))
}

func (l driverLogger) log(level slog.Level, name, id, msg string, attrs ...any) {
	l.logger.Log(context.Background(), level, msg, append(attrs, "component", name, "id", id)...)
}
