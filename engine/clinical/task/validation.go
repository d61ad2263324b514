package task

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
)

// ValidationRows writes the header and the rows at idx (0-based data rows)
// of a CSV file, each row passed through conv (which may reorder or derive
// columns; nil keeps them). It is how tasks implement Task.Validation.
func ValidationRows(path string, idx []int, header []string, conv func(head, row []string) ([]string, error)) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if header == nil {
		header = recs[0]
	}
	w.Write(header)
	for _, i := range idx {
		if i+1 >= len(recs) {
			return nil, fmt.Errorf("%s has no data row %d", path, i+1)
		}
		row := recs[i+1]
		if conv != nil {
			if row, err = conv(recs[0], row); err != nil {
				return nil, fmt.Errorf("%s: row %d: %w", path, i+1, err)
			}
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
