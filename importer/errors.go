package importer

import (
	"errors"
	"io/fs"
	"strconv"
	"syscall"
)

// FileError is a problem with a whole file, shown to the operator as one
// line: "tickets.csv: no such file".
type FileError struct {
	Path    string
	Problem string
	Err     error // the underlying cause, if any
}

// Error is the one line the operator reads.
func (e *FileError) Error() string { return e.Path + ": " + e.Problem }

// Unwrap exposes the cause so that errors.Is(err, fs.ErrNotExist) works.
func (e *FileError) Unwrap() error { return e.Err }

// fileError phrases an operating-system error for an operator.
func fileError(path string, err error) *FileError {
	problem := "cannot read: " + err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		problem = "cannot read: " + pe.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		problem = "no such file"
	case errors.Is(err, fs.ErrPermission):
		problem = "permission denied"
	case errors.Is(err, syscall.EISDIR):
		problem = "is a directory, not a file"
	}
	return &FileError{Path: path, Problem: problem, Err: err}
}

// RowError is one problem in one row, shown as FILE:LINE: column: problem.
// Field is the column's English key, or empty when the row as a whole could
// not be read.
type RowError struct {
	File    string
	Line    int
	Field   string
	Problem string
}

// Error formats the problem as FILE:LINE: column: problem.
func (e RowError) Error() string {
	s := e.File + ":" + strconv.Itoa(e.Line) + ": "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Problem
}
