// Package demo generates a prefecture city's hotline data for demos,
// benchmarks and tests: about ninety responsible units of 岳阳 and, from a
// seed, as many realistic tickets as asked for, the same every time.
package demo
