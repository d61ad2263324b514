// Command gen writes engine/simd's kernel module (go generate in
// engine/simd): gen -o kernels.wasm.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/bedside-health/bedside/engine/simd/internal/kernels"
)

func main() {
	out := flag.String("o", "kernels.wasm", "output file")
	flag.Parse()
	b, _ := kernels.Build()
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
