//go:build !unix

package neo4jtest

import (
	"fmt"
	"runtime"
)

// lock is not available here: the tests that share a Neo4j server need the
// machine-wide lock of a Unix system.
func lock(path string) (unlock func(), err error) {
	return nil, fmt.Errorf("cannot lock %s: the Neo4j tests need flock(2), which %s lacks", path, runtime.GOOS)
}
