package ui

import (
	"math"
	"strconv"
	"strings"
)

// formatNumber prints a value as people type it: no exponent, no trailing
// zeros.
func formatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// formatInt groups thousands: 1048576 -> "1,048,576".
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatPercent prints a probability as a percentage with the precision it
// deserves: calibrated models are not accurate to a tenth of a percent in
// the middle, but "<1%" and ">99%" are honest at the ends.
func formatPercent(p float64) string {
	switch {
	case math.IsNaN(p):
		return "—"
	case p < 0.01:
		return "<1%"
	case p > 0.99:
		return ">99%"
	}
	return strconv.Itoa(int(math.Round(p*100))) + "%"
}

// formatMetric prints a metric value with its 95% interval.
func formatMetric(v, lo, hi float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	if lo == 0 && hi == 0 {
		return s
	}
	return s + " (" + strconv.FormatFloat(lo, 'f', 3, 64) + "–" + strconv.FormatFloat(hi, 'f', 3, 64) + ")"
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(1, v))
}

// daysPerYear converts the survival model's days to the years people read.
const daysPerYear = 365.25

// formatMB prints a download size: "1.2 MB", "340 KB" (1 KB = 1024 bytes,
// as the browser's download list counts).
func formatMB(bytes int64) string {
	if bytes < 1<<20 {
		return strconv.FormatInt(max(1, (bytes+512)>>10), 10) + " KB"
	}
	return strconv.FormatFloat(float64(bytes)/(1<<20), 'f', 1, 64) + " MB"
}
