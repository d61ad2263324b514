// Package models links every Bedside model into a program: importing it
// registers each task's trainer (package task) and predictor (package
// clinical). The command line imports it; the browser worker may import it
// too, or only the task packages it serves.
package models

// One blank import per task package; add yours here.
import (
	_ "github.com/bedside-health/bedside/engine/clinical/department" // department
	_ "github.com/bedside-health/bedside/engine/clinical/risk"       // wdbc, pima, heart, survival
	_ "github.com/bedside-health/bedside/engine/clinical/specialty"  // specialty
	_ "github.com/bedside-health/bedside/engine/clinical/symptom"    // symptom
)
