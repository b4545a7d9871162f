package graph

import (
	"context"
	"errors"
	"fmt"
)

// Code is the kind of an error. Only the transport maps a code to a status
// or an extensions.code; stores and the seed only choose the code.
type Code string

// The error codes.
const (
	NotFound     Code = "NOT_FOUND"
	Invalid      Code = "INVALID"
	Conflict     Code = "CONFLICT"
	Unavailable  Code = "UNAVAILABLE"
	Unauthorized Code = "UNAUTHORIZED"
	Internal     Code = "INTERNAL"
)

// Error is an error with a code and a message meant for the caller. Err, when
// set, is the underlying cause; it is logged, never shown to a client.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		if e.Message == "" {
			return e.Err.Error()
		}
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code c and a formatted message.
func Errorf(c Code, format string, args ...any) *Error {
	return &Error{Code: c, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with code c that wraps err with a message.
func Wrap(c Code, err error, message string) *Error {
	return &Error{Code: c, Message: message, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain; Unavailable
// for a canceled or expired context (the caller went away or ran out of
// time, nothing is broken); Internal otherwise; and "" when err is nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Unavailable
	}
	return Internal
}

// ErrorMessage returns the caller-facing message of err: the message of its
// *Error when the code is not Internal, and a generic text otherwise.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	if ErrorCode(err) == Unavailable {
		return "the request was canceled or timed out"
	}
	return "internal error"
}
