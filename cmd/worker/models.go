package main

// The task models register themselves with engine/clinical on import; the
// worker links every model the command line knows, so the browser and
// `bedside predict` answer alike.
import _ "github.com/bedside-health/bedside/engine/clinical/models"
