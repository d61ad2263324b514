package task

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress prints one line per reported epoch: epoch, training loss, the
// validation metric and an estimate of the time left. It writes only to
// the progress stream, never into weights or cards, so timing does not
// break reproducibility. Views made with Stage share the counters and may
// be used from several goroutines.
type Progress struct {
	*counter
	name  string
	stage string
	every int
}

type counter struct {
	mu    sync.Mutex
	w     io.Writer
	total int // epochs over all stages
	done  int
	start time.Time
}

// NewProgress reports on w (nil discards) for a run of total epochs,
// printing every n-th epoch and the last.
func NewProgress(w io.Writer, name string, total, every int) *Progress {
	if every < 1 {
		every = 1
	}
	return &Progress{counter: &counter{w: w, total: total, start: time.Now()}, name: name, every: every}
}

// Stage returns a view that labels its lines with s, e.g. "member 2/5".
func (p *Progress) Stage(s string) *Progress {
	q := *p
	q.stage = s
	return &q
}

// Epoch records one finished epoch.
func (p *Progress) Epoch(epoch, epochs int, loss float64, metric string, value float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.w == nil || (epoch%p.every != 0 && epoch != epochs) {
		return
	}
	el := time.Since(p.start)
	left := time.Duration(0)
	if p.done > 0 && p.total > p.done {
		left = el / time.Duration(p.done) * time.Duration(p.total-p.done)
	}
	fmt.Fprintf(p.w, "%s %s epoch %d/%d  loss %.4f  val %s %.4f  left %s\n",
		p.name, p.stage, epoch, epochs, loss, metric, value, left.Round(100*time.Millisecond))
}

// Printf writes a free-form progress line.
func (p *Progress) Printf(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w != nil {
		fmt.Fprintf(p.w, p.name+" "+format+"\n", a...)
	}
}
