package risk

import "github.com/bedside-health/bedside/engine/clinical"

// survivalCard is the survival model card's wording; train adds the
// measurements.
var survivalCard = clinical.Card{
	Summary:     "Estimates a breast cancer patient's recurrence-free survival curve to 10 years after surgery, a relative risk score and a risk group, from eight tumour and patient characteristics.",
	IntendedUse: "Teaching and research on prognostic modelling after primary breast cancer surgery: how tumour size, grade, nodal status, hormone receptors, age and hormonal therapy relate to recurrence-free survival, with the contribution of each.",
	Users:       []string{"clinicians and students learning about prognostic models", "researchers"},
	OutOfScope: []string{
		"treatment decisions for an individual patient (use validated, current tools such as PREDICT with a specialist)",
		"patients treated with modern therapies (trastuzumab, CDK4/6 inhibitors, modern chemotherapy): the cohort was treated 1978-1993",
		"metastatic disease at diagnosis, male breast cancer",
	},
	Data: clinical.DataCredit{
		Name:    "Rotterdam tumour bank primary breast cancer cohort (R survival package, dataset rotterdam)",
		Source:  "R package survival (T. Therneau), dataset rotterdam; as used by Royston & Altman 2013",
		Licence: "LGPL (>= 2), as the R survival package",
		Credit:  "Rotterdam tumour bank; T. Therneau, R survival package; P. Royston and D. G. Altman (2013), BMC Med Res Methodol 13:33",
	},
	Limitations: []string{
		"Patients operated on in Rotterdam 1978-1993; survival has improved since, so absolute survival is likely underestimated for patients treated today.",
		"Hormonal therapy was not randomised in this cohort (it went mostly to node-positive, older patients), so the hormon contribution mixes treatment effect with who was treated.",
		"Chemotherapy and year of surgery are deliberately not inputs (they are unavailable in the external validation setting); their effects are absorbed elsewhere.",
		"No external cohort was available to Bedside: the figures are from a held-out split of the Rotterdam cohort, with the node-positive subset reported separately because the intended external benchmark (a GBSG-like cohort) is node-positive only. A GBSG-like construction (held-out rows with sizes in mm, some grade 1 and missing receptors) checks that such a cohort is scored without refusal; it is not an external validation.",
		"Absolute 5-year risks were somewhat over-estimated in the low and intermediate risk groups of the validation split (see the calibration table).",
		"Values outside the training range (e.g. more than 34 positive nodes) are clamped to it: the curve is that of the most extreme training patient.",
		"The curve assumes proportional hazards on the network's risk score; late-recurrence patterns that differ by receptor status are not modelled.",
	},
	Disclaimer: clinical.Disclaimer,
}
