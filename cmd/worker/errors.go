package main

import (
	"errors"

	"github.com/bedside-health/bedside/engine/clinical"
)

var errArgs = &clinical.Error{Op: "worker", Kind: clinical.Invalid, Err: errors.New("wrong number of arguments")}
