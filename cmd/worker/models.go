package main

// The task models register themselves with engine/clinical on import; the
// worker links exactly the models the manifest ships.
import ()
