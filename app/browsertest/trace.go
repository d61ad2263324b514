package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// Task is one task of the page's main thread as Chromium's trace has it.
type Task struct {
	Wall time.Duration // start to end, as a long task is measured
	CPU  time.Duration // the main thread's own CPU time in it
	// Start is when the task began, from the first task of the trace.
	Start time.Duration
	// Top is what took the task's CPU time, for a task over 10 ms of CPU
	// or 30 ms of wall: the longest trace events inside it (a timer, an
	// event, a layout, a style recalculation, a garbage collection), each
	// with its CPU time; an event nested in another counts in both.
	Top string
}

// traceEvent is an event of Chromium's trace; times in microseconds.
type traceEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	TDur float64        `json:"tdur"`
	Args map[string]any `json:"args"`
}

// Trace records Chromium's trace while run runs and returns the tasks of
// the page's main thread (CrRendererMain). A long task's wall time counts
// the time the thread waited for a core; on a loaded machine that swamps
// the work itself, which the CPU time measures.
func Trace(t *Tab, run func() error) ([]Task, error) {
	var events []traceEvent
	done := make(chan struct{})
	t.mu.Lock()
	t.also = func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range ev.Value {
				var e traceEvent
				if b, err := json.Marshal(v); err == nil && json.Unmarshal(b, &e) == nil {
					events = append(events, e)
				}
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	}
	t.mu.Unlock()
	defer func() { t.mu.Lock(); t.also = nil; t.mu.Unlock() }()
	err := t.Run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{
			IncludedCategories: []string{"toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "__metadata"},
		}})
		return err
	}))
	if err != nil {
		return nil, fmt.Errorf("Tracing.start: %w", err)
	}
	runErr := run()
	err = t.Run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{})
		return err
	}))
	if err != nil {
		return nil, fmt.Errorf("Tracing.end: %w", err)
	}
	select {
	case <-done:
	case <-time.After(Timeout):
		return nil, fmt.Errorf("the trace did not complete")
	}
	if runErr != nil {
		return nil, runErr
	}
	main := map[[2]int]bool{}
	for _, e := range events {
		if e.Ph == "M" && e.Name == "thread_name" && e.Args["name"] == "CrRendererMain" {
			main[[2]int{e.Pid, e.Tid}] = true
		}
	}
	var tasks []Task
	first := -1.0
	for _, e := range events {
		if e.Ph == "X" && e.Name == "RunTask" && main[[2]int{e.Pid, e.Tid}] && (first < 0 || e.Ts < first) {
			first = e.Ts
		}
	}
	for _, e := range events {
		if e.Ph != "X" || e.Name != "RunTask" || !main[[2]int{e.Pid, e.Tid}] {
			continue
		}
		k := Task{Wall: time.Duration(e.Dur * 1e3), CPU: time.Duration(e.TDur * 1e3), Start: time.Duration((e.Ts - first) * 1e3)}
		if k.CPU > 10*time.Millisecond || k.Wall > 30*time.Millisecond {
			k.Top = inside(events, e)
		}
		tasks = append(tasks, k)
	}
	return tasks, nil
}

// inside lists the events within task e that took 2 ms of CPU or more,
// longest first, at most five.
func inside(events []traceEvent, e traceEvent) string {
	var in []traceEvent
	for _, c := range events {
		if c.Ph == "X" && c.Pid == e.Pid && c.Tid == e.Tid && !strings.Contains(c.Name, "RunTask") &&
			c.Ts >= e.Ts && c.Ts+c.Dur <= e.Ts+e.Dur && c.TDur >= 2e3 {
			in = append(in, c)
		}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].TDur > in[j].TDur })
	var parts []string
	for _, c := range in[:min(len(in), 5)] {
		s := fmt.Sprintf("%s %.0f ms", c.Name, c.TDur/1e3)
		if d, ok := c.Args["beginData"].(map[string]any); ok && c.Name == "Layout" {
			s += fmt.Sprintf(" (%v of %v objects)", d["dirtyObjects"], d["totalObjects"])
		}
		if d, ok := c.Args["data"].(map[string]any); ok {
			for _, k := range []string{"type", "functionName", "timerId"} {
				if v, ok := d[k]; ok && v != "" {
					s += fmt.Sprint(" ", v)
				}
			}
		}
		parts = append(parts, s)
	}
	// console.timeStamp marks made in the task, to tell whose code ran.
	for _, c := range events {
		if c.Name == "TimeStamp" && c.Pid == e.Pid && c.Tid == e.Tid && c.Ts >= e.Ts && c.Ts <= e.Ts+e.Dur {
			if d, ok := c.Args["data"].(map[string]any); ok {
				parts = append(parts, fmt.Sprintf("mark %v at %.0f ms", d["message"], (c.Ts-e.Ts)/1e3))
			}
		}
	}
	return strings.Join(parts, ", ")
}
