// Package uibrowser holds the real-browser tests of Bedside's pages (in its
// _test.go files): every page in both languages without console errors,
// each flow from input to result, keyboard-only use, the encrypted history
// and screenshots at phone and desktop sizes under artifacts/ui/.
package uibrowser
