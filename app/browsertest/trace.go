package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// Task is one task of the page's main thread as Chromium's trace has it.
type Task struct {
	Wall time.Duration // start to end, as a long task is measured
	CPU  time.Duration // the main thread's own CPU time in it
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
			IncludedCategories: []string{"toplevel", "disabled-by-default-devtools.timeline", "__metadata"},
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
		if e.Ph == "X" && e.Name == "RunTask" && main[[2]int{e.Pid, e.Tid}] {
			tasks = append(tasks, Task{Wall: time.Duration(e.Dur * 1e3), CPU: time.Duration(e.TDur * 1e3)})
		}
	}
	return tasks, nil
}
