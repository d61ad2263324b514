package ui

import (
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
)

// messageKeys maps every message code a model or rule can return to its
// string key; TestMessagesTranslated fails on a code without English and
// 简体中文.
var messageKeys = map[string]string{
	clinical.MsgImputed:           "msg.imputed",
	clinical.MsgExtrapolates:      "msg.extrapolates",
	clinical.MsgClamped:           "msg.clamped",
	clinical.MsgAssociation:       "msg.association",
	clinical.MsgReference:         "msg.reference",
	clinical.MsgSizeBand:          "msg.size_band",
	clinical.MsgGradeExtrapolated: "msg.grade_extrapolated",
	clinical.MsgCohortYears:       "msg.cohort_years",
	clinical.MsgNoKnownWords:      "msg.no_known_words",
	clinical.MsgLowConfidence:     "msg.low_confidence",
	clinical.MsgFewKnownWords:     "msg.few_known_words",
	clinical.MsgCallEmergency:     "msg.call_emergency",
	clinical.MsgRedFlag:           "msg.red_flag",
	clinical.MsgDiseaseLevel:      "msg.disease_level",
	clinical.MsgTriageUncertain:   "msg.triage_uncertain",
	clinical.MsgCannotTell:        "msg.cannot_tell",
	clinical.MsgOutOfScope:        "msg.out_of_scope",
}

// message says m in the current language. Its {name} placeholders take the
// message's Args, with fields, classes, levels and rules named as the UI
// names them; an unknown code (a newer model) is shown as the code, never
// dropped.
func message(m clinical.Message) string {
	key, ok := messageKeys[m.Code]
	if !ok {
		return m.Code
	}
	s := tr(key)
	for name, v := range m.Args {
		s = strings.ReplaceAll(s, "{"+name+"}", messageArg(name, v))
	}
	return s
}

func messageArg(name, v string) string {
	switch name {
	case "field":
		return featureName(v, v)
	case "label":
		return diseaseName(v)
	case "level":
		return triageName(v)
	case "rule":
		return trOr("flag."+v, v)
	case "prob":
		if p, err := strconv.ParseFloat(v, 64); err == nil {
			return strconv.Itoa(int(100*p+0.5)) + "%"
		}
	case "value", "min", "max":
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			return formatNumber(x)
		}
	case "reason":
		return tr("msg.reason." + v)
	case "direction":
		return tr("msg.direction." + v)
	case "band":
		return tr("band." + v)
	case "method":
		return tr("msg.method." + v)
	}
	return v
}
