package browsertest_test

import (
	"testing"

	"github.com/bedside-health/bedside/app/browsertest"
	"github.com/bedside-health/bedside/app/ui"
)

func TestMain(m *testing.M) {
	ui.Register(nil)
	browsertest.Main(m)
}

func TestBoot(t *testing.T) {
	root := browsertest.Build(t)
	srv := browsertest.ServeSite(t, root)
	tab := browsertest.NewTab(t)
	browsertest.Open(t, tab, srv.URL+"/")
	models, err := browsertest.Eval[[]map[string]any](tab, `window.bedside.models()`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("models: %v", models)
	if errs := tab.Errors(); len(errs) > 0 {
		t.Fatalf("the app logged errors while booting:\n%s", errs)
	}
}
