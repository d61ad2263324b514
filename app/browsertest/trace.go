package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
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
	// Top is what took most of the task's wall time: the trace event
	// directly inside it that lasted longest (a timer, an event, a layout).
	Top string
}

// Trace records Chromium's trace while run runs and returns the tasks of
// the page's main thread (CrRendererMain). A long task's wall time counts
// the time the thread waited for a core; on a loaded machine that swamps
// the work itself, which the CPU time measures.
func Trace(t *Tab, run func() error) ([]Task, error) {
	type event struct {
		Name string         `json:"name"`
		Ph   string         `json:"ph"`
		Pid  int            `json:"pid"`
		Tid  int            `json:"tid"`
		Ts   float64        `json:"ts"`
		Dur  float64        `json:"dur"`
		TDur float64        `json:"tdur"`
		Args map[string]any `json:"args"`
	}
	var events []event
	done := make(chan struct{})
	t.mu.Lock()
	t.also = func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			for _, v := range ev.Value {
				var e event
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
	for _, e := range events {
		if e.Ph != "X" || e.Name != "RunTask" || !main[[2]int{e.Pid, e.Tid}] {
			continue
		}
		k := Task{Wall: time.Duration(e.Dur * 1e3), CPU: time.Duration(e.TDur * 1e3)}
		if k.CPU > 20*time.Millisecond {
			var top float64
			for _, c := range events {
				if c.Ph == "X" && c.Pid == e.Pid && c.Tid == e.Tid && !strings.Contains(c.Name, "RunTask") && c.Ts >= e.Ts && c.Ts+c.Dur <= e.Ts+e.Dur && c.TDur > top {
					top, k.Top = c.TDur, fmt.Sprintf("%s %.0f ms", c.Name, c.TDur/1e3)
					if d, ok := c.Args["data"].(map[string]any); ok {
						k.Top += fmt.Sprint(" ", d["type"], d["functionName"], d["timerId"])
					}
				}
			}
		}
		tasks = append(tasks, k)
	}
	return tasks, nil
}
