//go:build !nosimd

package simd_test

const nosimd = false
