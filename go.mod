module github.com/bedside-health/bedside

go 1.26

require (
	github.com/kljensen/snowball v0.10.0
	gonum.org/v1/gonum v0.17.0
)
