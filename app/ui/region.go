package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Region decides the emergency number on the call button and the health
// advice line named in the triage advice. A wrong number in an emergency
// costs minutes, so the region is always shown next to the number with a
// link to change it.
type Region string

const (
	China     Region = "cn"
	Europe    Region = "eu"
	US        Region = "us"
	UK        Region = "uk"
	Australia Region = "au"
	India     Region = "in"
	HongKong  Region = "hk"
	Taiwan    Region = "tw"
)

// Regions lists the regions offered in settings, in display order.
var Regions = []Region{China, HongKong, Taiwan, Europe, US, UK, Australia, India}

// fallbackRegion is used when the browser's locale names no region we know:
// 112 reaches emergency services across Europe and is forwarded by most
// mobile networks elsewhere.
const fallbackRegion = Europe

var emergencyNumbers = map[Region]string{
	China: "120", Europe: "112", US: "911", UK: "999", Australia: "000", India: "112",
	// Hong Kong: ambulance, fire and police on 999. Taiwan: ambulance and
	// fire on 119.
	HongKong: "999", Taiwan: "119",
}

// region is the region every render uses; like current, only the UI
// goroutine and tests touch it.
var region = fallbackRegion

// SetRegion switches the region; unknown codes give the fallback.
func SetRegion(r Region) { region = parseRegion(string(r)) }

func parseRegion(s string) Region {
	r := Region(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := emergencyNumbers[r]; ok {
		return r
	}
	return fallbackRegion
}

// EmergencyNumber is the number to call in r.
func (r Region) EmergencyNumber() string { return emergencyNumbers[parseRegion(string(r))] }

// euCountries are the ISO 3166 codes whose emergency number is 112 (EU,
// EEA and Switzerland).
var euCountries = map[string]bool{
	"at": true, "be": true, "bg": true, "hr": true, "cy": true, "cz": true, "dk": true, "ee": true,
	"fi": true, "fr": true, "de": true, "gr": true, "hu": true, "ie": true, "it": true, "lv": true,
	"lt": true, "lu": true, "mt": true, "nl": true, "pl": true, "pt": true, "ro": true, "sk": true,
	"si": true, "es": true, "se": true, "is": true, "no": true, "li": true, "ch": true,
}

// euLanguages are languages spoken mainly in the EU, for a locale without a
// country ("de", "fr").
var euLanguages = map[string]bool{
	"de": true, "fr": true, "es": true, "it": true, "nl": true, "pt": true, "pl": true, "sv": true,
	"da": true, "fi": true, "el": true, "cs": true, "hu": true, "ro": true, "bg": true, "hr": true,
	"sk": true, "sl": true, "et": true, "lv": true, "lt": true, "mt": true, "ga": true,
}

// RegionFromLocale guesses the region from a BCP 47 tag such as
// navigator.language. The country decides when there is one (es-MX is not
// Europe, zh-HK is not mainland China); ok is false when the guess is only
// the fallback.
func RegionFromLocale(tag string) (r Region, ok bool) {
	parts := strings.FieldsFunc(strings.ToLower(strings.TrimSpace(tag)), func(c rune) bool { return c == '-' || c == '_' })
	if len(parts) == 0 {
		return fallbackRegion, false
	}
	lang, country := parts[0], ""
	for _, p := range parts[1:] {
		if len(p) == 2 { // skip scripts like Hans (4 letters)
			country = p
			break
		}
	}
	switch country {
	case "cn":
		return China, true
	case "hk":
		return HongKong, true
	case "tw":
		return Taiwan, true
	case "us":
		return US, true
	case "gb", "uk":
		return UK, true
	case "au":
		return Australia, true
	case "in":
		return India, true
	case "":
	default:
		if euCountries[country] {
			return Europe, true
		}
		return fallbackRegion, false
	}
	switch {
	case lang == "zh" && (len(parts) == 1 || parts[1] == "hans"):
		return China, true
	case euLanguages[lang]:
		return Europe, true
	}
	return fallbackRegion, false
}

// storeRegion keeps the region chosen in settings.
const storeRegion = "bedside.region"

// startRegion is the saved choice, else a guess from the browser's locale.
func startRegion() (r Region) {
	defer func() {
		if recover() != nil {
			r = fallbackRegion
		}
	}()
	if v := app.Window().Get("localStorage").Call("getItem", storeRegion); v.Truthy() {
		return parseRegion(v.String())
	}
	r, _ = RegionFromLocale(app.Window().Get("navigator").Get("language").String())
	return r
}

func regionName(r Region) string { return tr("region." + string(r)) }

// adviceLine names whom to ask for health advice in the current region.
func adviceLine() string { return tr("region." + string(region) + ".line") }

// triageAdvice is what to do at a triage level, naming the region's health
// advice line where the advice needs one.
func triageAdvice(level string) string {
	return strings.ReplaceAll(trOr("triage."+level+".advice", ""), "{line}", adviceLine())
}
