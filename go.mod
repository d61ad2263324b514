module github.com/bedside-health/bedside

go 1.26
