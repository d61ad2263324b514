package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func init() {
	register("train", command{"train models: weights, model cards and manifest (-model NAME|all)", runTrain})
}

func runTrain(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("train", flag.ContinueOnError)
	fl.SetOutput(stderr)
	model := fl.String("model", "all", "model to train, or all")
	data := fl.String("data", "../shared/data", "datasets directory (holds NAME/train.csv)")
	out := fl.String("out", "web/models", "where weights, cards and manifest.json go")
	seed := fl.Uint64("seed", 1, "seed of every random choice")
	smoke := fl.Bool("smoke", false, "tiny fast run for tests; the weights are not fit to ship")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	var todo []*task.Task
	if *model == "all" {
		todo = task.All()
	} else {
		for _, name := range strings.Split(*model, ",") {
			t, err := lookupTask(strings.TrimSpace(name))
			if err != nil {
				fmt.Fprintln(stderr, "bedside train:", err)
				return 2
			}
			todo = append(todo, t)
		}
	}
	if len(todo) == 0 {
		fmt.Fprintln(stderr, "bedside train: no models are registered")
		return 1
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(stderr, "bedside train:", err)
		return 1
	}
	failed := 0
	total := time.Now()
	for _, t := range todo {
		start := time.Now()
		if err := trainOne(t, *data, *out, *seed, *smoke, stderr); err != nil {
			fmt.Fprintf(stderr, "bedside train: %s: %v\n", t.Name, err)
			failed++
			continue
		}
		fmt.Fprintf(stdout, "%s: trained in %s\n", t.Name, time.Since(start).Round(10*time.Millisecond))
	}
	if len(todo) > 1 {
		fmt.Fprintf(stdout, "all: %d models in %s\n", len(todo)-failed, time.Since(total).Round(10*time.Millisecond))
	}
	if failed > 0 {
		return 1
	}
	return 0
}

func trainOne(t *task.Task, data, out string, seed uint64, smoke bool, progress io.Writer) error {
	if _, err := os.Stat(filepath.Join(data, t.Dataset, "train.csv")); err != nil {
		return fmt.Errorf("no training data: %w", err)
	}
	tr, err := t.Train(task.Config{DataDir: data, Seed: seed, Progress: progress, Smoke: smoke})
	if err != nil {
		return err
	}
	// The weights must load before anything is replaced on disk.
	if _, err := clinical.Load(t.Name, tr.Weights); err != nil {
		return fmt.Errorf("trained weights do not load: %w", err)
	}
	card := tr.Card
	card.Name, card.Version = t.Name, t.Version
	if card.Title == "" {
		card.Title = t.Title
	}
	card.Disclaimer = clinical.Disclaimer
	cj, err := json.MarshalIndent(card, "", "  ")
	if err != nil {
		return err
	}
	m, err := readManifest(out, true)
	if err != nil {
		return fmt.Errorf("existing manifest: %w", err)
	}
	e := clinical.Entry{
		Name: t.Name, Version: t.Version, Kind: string(t.Kind), Title: card.Title,
		File: t.Name + ".safetensors", Card: t.Name + ".card.json",
		SHA256: sha256Hex(tr.Weights), Bytes: int64(len(tr.Weights)),
	}
	kept := m.Models[:0]
	for _, old := range m.Models {
		if old.Name != t.Name {
			kept = append(kept, old)
		}
	}
	m.Models = append(kept, e)
	if err := writeFileAtomic(filepath.Join(out, e.File), tr.Weights); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(out, e.Card), append(cj, '\n')); err != nil {
		return err
	}
	return writeManifest(out, m)
}
