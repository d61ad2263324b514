package textmodel

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

// validation writes the rows Train holds out with c.Seed as a CSV with the
// data set's own columns, so `bedside eval` can reproduce the card.
func (s *TaskSpec) validation(c task.Config) ([]byte, error) {
	path := filepath.Join(c.DataDir, s.Dataset, "train.csv")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ex, err := loadExamples(bytes.NewReader(raw), s.Columns, s.MaxRunes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) != len(ex)+1 {
		return nil, fmt.Errorf("%s: %d records for %d examples", path, len(recs)-1, len(ex))
	}
	share := s.Config.ValidationShare
	if share == 0 {
		share = 0.2
	}
	_, y := labelIDs(ex)
	_, va := task.StratifiedSplit(y, share, c.Seed)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(recs[0])
	for _, i := range va {
		w.Write(recs[i+1])
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
