//go:build bedsidetoy

package main

// The browser tests build the worker with -tags bedsidetoy to add two tiny
// test models next to the shipped ones.
import _ "github.com/bedside-health/bedside/app/browsertest/toymodel"
