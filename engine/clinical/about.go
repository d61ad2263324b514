package clinical

import "fmt"

// About is what a user may tell the symptom checker in its short
// structured step, besides the free text: for whom, age band, sex,
// pregnancy, how long and how bad. Every field is optional; the free text
// alone still works. It feeds the red flags (a fever in a baby under 3
// months, warning signs in pregnancy) and the statement of what is out of
// the model's scope.
type About struct {
	Who      string `json:"who,omitempty"`      // "me" or "other"
	Age      string `json:"age,omitempty"`      // one of AgeBands
	Sex      string `json:"sex,omitempty"`      // "female", "male" or "other"
	Pregnant bool   `json:"pregnant,omitempty"` // currently pregnant
	Weeks    int    `json:"weeks,omitempty"`    // weeks of pregnancy, 1 to 45
	Duration string `json:"duration,omitempty"` // "hours", "days", "weeks" or "months"
	Severity string `json:"severity,omitempty"` // "mild", "moderate" or "severe"
}

// AgeBands are the age bands of About.Age, youngest first.
var AgeBands = []string{"under-3-months", "3-months-to-4-years", "5-to-15", "16-to-64", "65-plus"}

// Child reports whether the age band is under 16.
func (a *About) Child() bool {
	switch a.Age {
	case "under-3-months", "3-months-to-4-years", "5-to-15":
		return true
	}
	return false
}

// Validate names the first field that holds a value outside its set.
func (a *About) Validate() (field string, err error) {
	oneOf := func(v string, set ...string) bool {
		if v == "" {
			return true
		}
		for _, s := range set {
			if v == s {
				return true
			}
		}
		return false
	}
	switch {
	case !oneOf(a.Who, "me", "other"):
		return "about.who", fmt.Errorf("%q is not one of me, other", a.Who)
	case !oneOf(a.Age, AgeBands...):
		return "about.age", fmt.Errorf("%q is not an age band", a.Age)
	case !oneOf(a.Sex, "female", "male", "other"):
		return "about.sex", fmt.Errorf("%q is not one of female, male, other", a.Sex)
	case a.Weeks < 0 || a.Weeks > 45:
		return "about.weeks", fmt.Errorf("%d weeks of pregnancy is outside 1 to 45", a.Weeks)
	case a.Weeks > 0 && !a.Pregnant:
		return "about.weeks", fmt.Errorf("weeks of pregnancy given, but not pregnant")
	case !oneOf(a.Duration, "hours", "days", "weeks", "months"):
		return "about.duration", fmt.Errorf("%q is not one of hours, days, weeks, months", a.Duration)
	case !oneOf(a.Severity, "mild", "moderate", "severe"):
		return "about.severity", fmt.Errorf("%q is not one of mild, moderate, severe", a.Severity)
	}
	return "", nil
}
