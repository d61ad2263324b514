package task_test

import (
	"fmt"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical/task"
)

// A CSV row that cannot be scored is named by row and column.
func ExampleRowError() {
	var age task.Field
	age.Name, age.Label, age.Min, age.Max = "age", "Age", 18, 100
	s := &task.Schema{Fields: []task.Field{age}}
	_, err := s.Read(strings.NewReader("age\n40\n400\n"), task.ReadOptions{})
	fmt.Println(err)
	// Output: row 2 (line 3), column "age": 400 is out of the plausible range 18 to 100
}
