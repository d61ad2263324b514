package symptom

import (
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
	"github.com/bedside-health/bedside/nlp/rx"
)

// Urgency levels, from least to most urgent. The order matters: triage
// takes the most urgent level any reason calls for.
const (
	SelfCare  = "self-care"
	SeeDoctor = "see-doctor"
	Urgent    = "urgent"
	Emergency = "emergency"
)

// CannotTell is the level when the checker abstains and no red flag fires:
// it says nothing about urgency except whom to contact if worried.
const CannotTell = "cannot-tell"

var levelRank = map[string]int{CannotTell: -1, SelfCare: 0, SeeDoctor: 1, Urgent: 2, Emergency: 3}

// diseaseLevels is the usual urgency of each of the 24 diseases the
// classifier knows when no red flag is present, for an adult who describes
// typical symptoms. Sources: the NHS A-Z condition pages (nhs.uk/conditions)
// "when to see a GP / get urgent help" sections, and the WHO fact sheets for
// dengue, malaria and typhoid.
var diseaseLevels = map[string]struct {
	level, why string
}{
	"Acne":                            {SelfCare, "usually managed with pharmacy treatments; see a GP if it is severe or scarring (NHS: Acne)"},
	"Arthritis":                       {SeeDoctor, "persistent joint pain and swelling needs a GP assessment (NHS: Arthritis)"},
	"Bronchial Asthma":                {SeeDoctor, "needs a GP or asthma nurse review; a severe attack is an emergency (NHS: Asthma)"},
	"Cervical spondylosis":            {SeeDoctor, "neck pain with limb weakness or numbness needs a GP assessment (NHS: Neck pain)"},
	"Chicken pox":                     {SeeDoctor, "adults with chickenpox should contact a GP or NHS 111, as it can be more serious than in children (NHS: Chickenpox)"},
	"Common Cold":                     {SelfCare, "usually gets better by itself within 1-2 weeks with rest and fluids (NHS: Common cold)"},
	"Dengue":                          {Urgent, "suspected dengue needs same-day medical assessment, especially after travel, as severe dengue can develop quickly (WHO: Dengue and severe dengue)"},
	"Dimorphic Hemorrhoids":           {SelfCare, "piles often improve with self-care; see a GP if no better after 7 days or bleeding recurs (NHS: Piles)"},
	"Fungal infection":                {SelfCare, "most fungal skin infections respond to pharmacy treatments (NHS: Fungal skin infection)"},
	"Hypertension":                    {SeeDoctor, "needs a blood pressure check by a GP or pharmacist (NHS: High blood pressure)"},
	"Impetigo":                        {SeeDoctor, "usually needs prescribed cream or antibiotics (NHS: Impetigo)"},
	"Jaundice":                        {Urgent, "yellowing of the skin or eyes in an adult needs an urgent medical assessment (NHS: Jaundice)"},
	"Malaria":                         {Urgent, "malaria symptoms after travel need medical help the same day, as malaria can be fatal if treatment is delayed (NHS: Malaria; WHO: Malaria)"},
	"Migraine":                        {SeeDoctor, "see a GP if headaches are frequent or painkillers do not help (NHS: Migraine)"},
	"Pneumonia":                       {Urgent, "suspected pneumonia needs an urgent GP appointment or NHS 111 (NHS: Pneumonia)"},
	"Psoriasis":                       {SeeDoctor, "needs a GP diagnosis and prescribed treatment (NHS: Psoriasis)"},
	"Typhoid":                         {Urgent, "suspected typhoid needs prompt medical assessment and antibiotics (NHS: Typhoid fever; WHO: Typhoid)"},
	"Varicose Veins":                  {SeeDoctor, "see a GP if they are painful, swollen or the skin changes (NHS: Varicose veins)"},
	"allergy":                         {SelfCare, "mild allergy symptoms respond to pharmacy antihistamines; swelling of the throat or breathing trouble is an emergency (NHS: Allergies)"},
	"diabetes":                        {SeeDoctor, "thirst, frequent urination and tiredness need a GP blood test (NHS: Type 2 diabetes)"},
	"drug reaction":                   {SeeDoctor, "tell the prescriber or a pharmacist about a suspected side effect (NHS: Side effects of medicines)"},
	"gastroesophageal reflux disease": {SelfCare, "heartburn usually responds to lifestyle changes and pharmacy remedies (NHS: Heartburn and acid reflux)"},
	"peptic ulcer disease":            {SeeDoctor, "needs a GP assessment; vomiting blood or black stools is an emergency (NHS: Stomach ulcer)"},
	"urinary tract infection":         {SeeDoctor, "usually needs a pharmacist or GP and may need antibiotics (NHS: Urinary tract infections)"},
}

// DiseaseLevel returns the usual urgency of a disease the classifier knows.
func DiseaseLevel(label string) (level, why string, ok bool) {
	d, ok := diseaseLevels[label]
	return d.level, d.why, ok
}

// A rule fires when every one of its groups matches somewhere in the text at
// a span that the clinical context step asserts for the patient, now: not
// negated, not historical or hypothetical, not someone else's.
type rule struct {
	clinical.TriageRule
	reason string  // the rule's gist in English, for the card's readers
	all    []*sign // each must match at least one asserted span
}

// A sign is one thing a red flag needs, said in English or in Chinese. The
// two patterns name the same sign so that a rule is identical in both
// languages; a sign either language cannot say (nil) matches nothing in it.
type sign struct {
	en, zh *rx.Regexp
	// fact, if set, is what the structured step can say instead of the
	// text ("infant": the age band is under 3 months).
	fact string
}

// matches returns the byte ranges where either language's pattern matches.
func (g *sign) matches(text string) [][]int {
	var out [][]int
	if g.en != nil {
		out = append(out, g.en.FindAllStringIndex(text, -1)...)
	}
	if g.zh != nil {
		out = append(out, g.zh.FindAllStringIndex(text, -1)...)
	}
	return out
}

// zh compiles Chinese phrases. Chinese has no spaces between words, so the
// alternatives match anywhere; each is a whole phrase, never one character.
func zh(alternatives ...string) *rx.Regexp {
	return rx.MustCompile(rxTable, `(?:`+strings.Join(alternatives, "|")+`)`)
}

// re compiles word-boundary phrases, case-insensitive. An apostrophe in a
// pattern also matches the typographic one, so "can’t" reads as "can't".
func re(alternatives ...string) *rx.Regexp {
	p := strings.Join(alternatives, "|")
	// Phones drop apostrophes ("doesnt", "cant", "im"): the apostrophe is
	// optional, and the typographic one matches too.
	p = strings.ReplaceAll(p, "'", "(?:'|’)?")
	// Possessives: a red flag is the same emergency whoever has it ("my",
	// "his", "her", "their", "your" face / arm / speech).
	p = strings.ReplaceAll(p, "(?:my |the )?", "(?:my |his |her |their |your |the )?")
	return rx.MustCompile(rxTable, `(?i)\b(?:`+p+`)\b`)
}

var (
	chestPain = re(`chest (?:pain|pains|discomfort|tightness|pressure|heaviness)`,
		`pain (?:in|on|across) (?:my |the )?chest`, `chest (?:hurts|aches|is (?:tight|heavy|hurting|painful))`,
		`tight(?:ness)? (?:in|across) (?:my |the )?chest`, `crushing (?:pain|chest)`, `angina`,
		`chest (?:feels|felt) (?:like|as if|as though|heavy|tight|crushed|squeezed)`, `(?:pressure|weight|heaviness|squeezing) (?:on|in) (?:my |the )?chest`,
		`(?:an )?elephant (?:is )?(?:sitting|standing) on (?:my |the )?chest`)
	breathless = re(`short(?:ness)? of breath`, `breathless(?:ness)?`, `out of breath`, `catch(?:ing)? my breath`,
		`(?:difficulty|difficulties|trouble|problems?|hard time|struggling|struggle) (?:in )?(?:breathing|to breathe)`,
		`breathing (?:difficulty|difficulties|problems?|issues?|trouble)`, `(?:hard|difficult) (?:for me )?to breathe`,
		`(?:can't|cannot|can not|unable to|not able to|could not|couldn't) (?:breathe|get my breath)`, `gasping`, `laboured breathing|labored breathing`,
		`breathing (?:is|has been|has become) (?:laboured|labored|difficult|hard|shallow)`, `wheez(?:e|es|ing)`)
	severeBreathing = re(`(?:difficulty|difficulties|trouble|struggling|struggle|hard time) (?:in )?(?:breathing|to breathe)`,
		`breathing (?:difficulty|difficulties)`, `(?:hard|difficult) (?:for me )?to breathe`,
		`(?:can't|cannot|can not|unable to|not able to|could not|couldn't) (?:breathe|get my breath|catch my breath)`,
		`gasping(?: for (?:air|breath))?`, `too breathless to (?:speak|talk|eat|sleep)`, `choking`,
		`(?:can |could )?(?:barely|hardly) (?:breathe|breath)`, `struggling to (?:talk|speak|get (?:a |my )?breath)`,
		`inhaler (?:isn't|is not|not|doesn't|does not) (?:working|helping|help)`, `not breathing`, `stopped breathing`,
		`(?:skin|chest) (?:between|under|below) (?:the |her |his |their )?ribs (?:is |keeps )?sucking in`, `sucking in (?:between|under|below) (?:the |her |his )?ribs`, `grunting`,
		`breathing (?:is|has been|has become) (?:laboured|labored|difficult|hard)`, `laboured breathing|labored breathing`)
	cardiacCompanion = re(`(?:spread|spreads|spreading|radiat\w+|goes|going|moves|moving) (?:in)?to (?:my |the )?(?:left )?(?:arm|arms|jaw|neck|back|shoulder)`,
		`pain (?:in|into|down|to) (?:my |the )?(?:left )?(?:arm|jaw|neck|shoulder)`,
		`sweat(?:ing|y)?`, `clammy`, `(?:feel|feeling|felt) sick`, `nause\w*`, `vomit\w*`, `throwing up`, `crushing`,
		`(?:chest|it) (?:feels|is) (?:tight|heavy)`, `light-?headed(?:ness)?`)
	faceDroop = re(`(?:face|mouth|smile) (?:is |has |looks |went |has gone |gone |seems )?(?:droop\w*|drooped|fallen|dropped|sagging|lopsided|crooked)`,
		`droop\w* (?:face|mouth|smile|on one side)`, `one side of (?:my |the )?(?:face|mouth)`, `facial droop\w*`)
	armWeakness = re(`(?:sudden(?:ly)?|one|left|right) (?:\w+ )?(?:arm|leg|side)s? (?:\w+ )?(?:weak\w*|numb\w*|paralys\w*|heavy)`,
		`(?:weak\w*|numb\w*|paralys\w*) (?:in|of|on) (?:my |his |her |their |the )?(?:one|left|right) (?:arm|leg|side)`,
		`(?:can't|cannot|can not|couldn't|could not|unable to|not able to) (?:lift|raise|move) (?:my |his |her |their |one )?(?:left |right )?arm`,
		`sudden(?:ly)? (?:weak\w*|numb\w*) (?:in|of|on) (?:my |the )?(?:face|arm|leg)`,
		`one side of (?:my |his |her |their |the )?(?:body|face) (?:is |feels |has gone |went |gone )?(?:weak\w*|numb\w*|paralys\w*|heavy|limp|floppy)`)
	speech = re(`slurr\w*(?: speech| words)?`, `(?:talking|speaking|speech is|speaking in) (?:gibberish|nonsense)`, `words (?:are )?(?:coming|come|came) out (?:wrong|jumbled|all wrong|muddled)`,
		`(?:can't|cannot|couldn't) find (?:her|his|my|their|the) words`, `mumbling`, `(?:muddled|jumbled|garbled) (?:speech|words)`, `(?:speech|words) (?:is |are )?(?:slurred|garbled|jumbled)`,
		`(?:can't|cannot|unable to|not able to|trouble|difficulty) (?:speak|speaking|talk|talking|get (?:my |the )?words out)`)
	vomitBlood = re(`(?:vomit\w*|throw\w* up|threw up|sick|spitting up) (?:up )?(?:blood|what looks like coffee grounds)`,
		`blood(?:y)? (?:in (?:my |the )?)?vomit`, `haematemesis|hematemesis`, `coffee[- ]ground\w*`)
	blackStool = re(`(?:black|tarry|dark,? tarry|tar-like)(?:,? (?:tarry|black))? (?:stools?|poo|poop|faeces|feces|bowel movements?)`,
		`(?:stools?|poo|poop) (?:is|are|has been|have been|look) (?:black|tarry)`, `melaena|melena`)
	heavyBleeding = re(`bleeding (?:that |which )?(?:won't|will not|doesn't|does not|can't|cannot) stop`,
		`(?:spurt\w*|pump\w*|gush\w*|pour\w*) (?:out )?(?:blood|from (?:the|a|my|his|her) (?:cut|wound))`,
		`blood (?:is |was |keeps )?(?:spurt\w*|pump\w*|gush\w*|pour\w*)`,
		`(?:pressure|pressing (?:on )?it) (?:does not|doesn't|won't|will not|did not|didn't|is not|isn't) (?:stop|stopping|help)\w*`,
		`(?:heavy|severe|uncontrolled|non-stop|nonstop|profuse) bleeding`, `bleeding (?:heavily|profusely|a lot|non-stop)`,
		`(?:losing|lost) a lot of blood`, `soak\w* (?:through )?(?:a |one |more than one )?(?:pad|pads|sanitary pads?|sanitary towels?|maternity pads?) (?:every|in|within|in under) (?:\d+ (?:minutes|mins)|an hour|half an hour|one hour|hour)`, `blood everywhere`, `(?:large|big) blood clots`)
	highFever  = re(`(?:high|very high|raging) (?:fever|temperature|temp)`, `fever`, `temp(?:erature)? (?:of )?(?:3[89]|4[01])`, `feverish`, `temperature (?:is |of )?(?:very )?(?:high|3[89]|4[01])`, `burning up`)
	stiffNeck  = re(`stiff(?:ness)? neck`, `neck (?:is |feels |has been |was |has gone |went )?(?:really |very |so |quite |a bit |all )?stiff\w*`, `neck stiffness`, `stiffness (?:in|of) (?:my |the )?neck`, `(?:can't|cannot|unable to) (?:bend|touch) (?:my )?(?:neck|chin)`)
	rashNoFade = re(`(?:rash|spots|marks) (?:that |which )?(?:doesn't|does not|won't|will not|didn't|did not|don't|do not) (?:fade|go away when)`, `(?:glass|tumbler) test`, `non-?blanching`,
		`petechia\w*`, `purpur\w*`, `purple (?:spots|rash|blotches|marks|dots)`, `(?:spots|rash) (?:that )?(?:look|looks) like (?:bruises|pinpricks)`)
	sepsisSkin = re(`(?:mottled|blotchy|blue-grey|grey|gray|ashen) skin`, `(?:grey|gray|ashen|pale|mottled) and (?:clammy|cold and clammy|sweaty|floppy|unresponsive)`, `(?:face|lips) (?:has |have |is |are )?(?:gone |turned |going |turning )?(?:grey|gray|ashen)`, `skin (?:is |looks |went |has gone )?(?:mottled|blotchy|grey|gray|ashen)`, `mottling`)
	feverish   = re(`fever\w*`, `(?:high )?temp(?:erature)?(?: of (?:3[89]|4[01])\S*)?`, `shivering`, `rigors`, `burning up`)
	confused   = re(`confus\w*`, `not making (?:any )?sense`, `disorientat\w*`, `delirious`, `(?:very|really|extremely) drowsy`)
	headInjury = re(`(?:hit|banged|bumped|knocked|injured|hurt|cut|gashed|gash on|wound on|fell on|landed on) (?:on |to )?(?:his |her |my |their |the )?head`,
		`head (?:injury|injuries|wound|gash|trauma)`, `(?:fell|fall|fallen) (?:off|from|down) (?:a |the )?(?:ladder|stairs|roof|horse|bike)`)
	headInjuryRed = re(`confus\w*`, `not making (?:any )?sense`, `disorientat\w*`, `drowsy`, `sleepy`, `(?:hard|difficult) to wake`,
		`vomit\w*`, `being sick`, `throw\w* up`, `threw up`, `(?:passed|knocked|blacked) out`, `faint\w*`, `unconscious`, `seizure`, `(?:had|having) a fit`, `fitting`)
	visionLoss = re(`sudden(?:ly)? (?:lost|losing|loss of|lose) (?:all )?(?:my |his |her |their |the )?(?:vision|sight|eyesight)`,
		`sudden(?:ly)? (?:can't|cannot|can not|couldn't|could not|unable to|not able to) see`, `sudden(?:ly)? (?:went |gone |going |became )?blind`,
		`(?:lost|losing|loss of) (?:the )?(?:vision|sight) (?:in|of) (?:one|my|his|her|their|the|both) (?:left |right )?eyes?`,
		`(?:can't|cannot|can not|unable to) see (?:out of|with) (?:my|his|her|their|one) (?:left |right )?eye`)
	seriousInjury = re(`(?:hit|knocked (?:down|over)|run over|struck) by a (?:car|bus|lorry|truck|van|motorbike|motorcycle|train|vehicle)`,
		`(?:car|road|motorbike|motorcycle|traffic) (?:crash|accident|collision)`, `(?:been|was|got|were|is|has been|have been) stabbed`, `stabbed (?:in|with|him|her|me|them|my|his)`, `stab(?:bing)? (?:wounds?|attack|incident)`, `knife wounds?`, `gunshot`, `(?:been|was|got|were) shot (?:in|at|by)`,
		`bone (?:is )?(?:sticking|poking) (?:out|through)`, `(?:leg|arm) (?:is |looks )?bent the wrong way`,
		`fell (?:off|from) (?:a |the )?(?:roof|balcony|scaffold\w*|window|height|second floor|first floor)`)
	heartAttack = re(`(?:having|have|has|is having|'s having|be having) a heart attack`, `heart attack (?:right )?now`, `cardiac arrest`)
	unconscious = re(`faint(?:ed|ing)?`, `pass(?:ed|ing)? out`, `black(?:ed|ing)? out`, `los(?:t|e|ing) consciousness`, `unconscious`, `unresponsive`, `collaps(?:e|ed|ing)`,
		`not respond\w*`, `(?:won't|will not|can't|cannot|doesn't|does not) wake(?: up)?`, `(?:can't|cannot) (?:wake|rouse) (?:him|her|them)`)
	suicidal = re(`suicid\w*`, `kill(?:ing)? (?:myself|himself|herself|themselves|themself)`, `end(?:ing)? (?:my|his|her|their) (?:own )?life`,
		`take (?:my|his|her|their) (?:own )?life`, `(?:want|wants|wanting) to die`,
		`self[- ]harm\w*`, `(?:hurt|harm)(?:ing|s)? (?:myself|himself|herself|themselves|themself)`, `better off dead`,
		`(?:don't|do not|doesn't|does not) want to (?:be alive|live|be here|wake up)(?: anymore| any more)?`, `written a (?:suicide )?note`,
		`end(?:ing)? it all`, `(?:no|nothing) (?:reason|point) (?:to live|in living|in being alive)`,
		`(?:cut|cutting|slit|slitting|slashed) (?:my|his|her|their) wrists?`,
		`(?:going to|gonna|will|want to|plan to|planning to) take (?:them all|all (?:of )?(?:them|the|my|his|her) (?:pills|tablets))`, `pills (?:are )?lined up`,
		`goodbye (?:letters?|notes?|messages?)`, `jump (?:off|from|in front of) (?:the |a )?(?:bridge|building|roof|cliff|train|balcony|car park)`)
	throatSwelling = re(`(?:throat|tongue) (?:is |are |has |feels |keeps )?(?:swollen|swelling|closing|closing up|tight|tightening|getting tight|swells|swell up)`,
		`swell\w* (?:of|in) (?:my |the )?(?:throat|tongue)`, `(?:used|gave|given|injected|had to use) (?:my |his |her |their |an |the )?(?:epi-?pens?|adrenaline (?:pen|auto-?injector))`, `(?:swollen|swelling) (?:throat|tongue)`, `anaphyla\w*`)
	faceSwelling = re(`(?:lips?|face|eyes?|mouth) (?:and \w+ )?(?:is |are )?(?:swollen|swelling|swells?|swell up|puff\w* up)`,
		`(?:swollen|swelling of (?:my |the )?) ?(?:lips?|face|mouth)`)
	allergicSevere = re(`wheez\w*`, `(?:difficulty|trouble|struggling) (?:breathing|to breathe)`, `(?:can't|cannot) breathe`, `dizz\w*`, `faint\w*`, `light-?headed`)
	dehydration    = re(`(?:severe(?:ly)?|very|extremely) dehydrated`, `severe dehydration`, `no wet nappies?`, `no wet diapers?`, `sunken eyes`,
		`(?:hasn't|has not|haven't|have not|not|hadn't) (?:had|done|produced) (?:a |any )?wet (?:nappy|nappies|diaper|diapers)`,
		`(?:hasn't|has not|haven't|have not) (?:drunk|had) anything (?:to drink )?(?:for|in) (?:\d+|two|three|a couple of) days`, `barely (?:peed|weed|urinated)`,
		`(?:haven't|have not|hasn't|not|no|didn't|did not) (?:peed|urinated|passed (?:any )?urine|had a wee|weed)(?: \w+)? (?:all day|since yesterday|for (?:\d+|eight|twelve|many) hours|in (?:\d+|eight|twelve) hours)`,
		`(?:can't|cannot|unable to|haven't been able to|have not been able to|not able to|couldn't|could not) keep (?:any )?(?:fluids|water|liquids|anything|drinks) down`)
	seizure = re(`seizures?`, `convuls\w*`, `(?:had|having|have) a fit\b(?: (?:and|while|at|in|last|this|today|yesterday|earlier|again|now|for)\b|\s*[.,;!]|\s*$)`,
		`(?:is|was|started|keeps|been) fitting`, `shaking all over`)
	thunderclap     = re(`worst headache`, `thunderclap`, `sudden(?:,)? (?:severe|agonising|agonizing|excruciating|intense) headache`, `headache (?:that )?came on suddenly`, `like (?:being|I was|I've been) hit (?:on|in) the head`)
	cyanosis        = re(`(?:lips|face|skin|tongue|fingers) (?:is |are |turning |turned |going |gone )+blue`, `blue (?:lips|tongue|face)`, `cyanos\w*`)
	suddenConfusion = re(`sudden(?:ly)? (?:became |become |feel |feeling |felt |very )?confus\w*`, `sudden confusion`)
	jaundice        = re(`yellow(?:ing|ish)? (?:skin|eyes)`, `(?:skin|eyes|whites of my eyes) (?:\w+ ){0,3}(?:turned |turning |gone |going |look |looks |are |is |have become |has become )?yellow`, `jaundice`)
	overdose        = re(`overdose\w*`, `overdosed`, `(?:took|taken|take|swallowed|swallow) (?:too many|a lot of|lots of|loads of|a load of|handfuls? of|a whole (?:bottle|packet|box) of|all (?:my|his|her|their|the)) (?:(?:my|his|her|their|the) )?(?:\w+ )?(?:pills|tablets|medicines?|medication|paracetamol|painkillers)`,
		`(?:swallowed|drank|drunk|ate) (?:some |a )?(?:bleach|poison|weedkiller|pesticide|antifreeze|drain cleaner|batteries|battery|button batter(?:y|ies)|magnets)`,
		`poison(?:ed|ing)`,
		`(?:swallowed|drank|drunk|ate|eaten|licked|chewed) (?:some |a |an |the |a bit of |part of )?(?:dishwasher|washing[- ]up|laundry|washing|cleaning|toilet) (?:liquid|tablets?|pods?|capsules?|powder|products?|cleaner)`,
		`(?:swallowed|drank|drunk|ate) (?:some |a |the )?(?:detergent|white spirit|paraffin|lamp oil|methanol|nicotine liquid|e-cigarette liquid|rat poison|slug pellets|weed killer)`,
		`(?:took|taken|take|swallowed|swallow|ate|eaten) (?:about |around |maybe |like )?(?:[1-9]\d+|ten|twelve|fifteen|twenty|thirty|forty|fifty) (?:\w+ )?(?:pills|tablets|capsules|paracetamol|ibuprofen|aspirin|painkillers|co-codamol)`,
		`got into (?:my|his|her|the|their|our) (?:\w+ ){0,3}(?:pills|tablets|medicines?|medication|tablets)`, `(?:not sure|don't know|no idea) how many (?:\w+ ){0,3}(?:swallowed|took|taken|ate|had)`)
	burns = re(`(?:severe|bad|large|big|deep|serious|major|extensive) burns?`, `burn(?:ed|t|s)? (?:all over|over (?:a large|most of)|(?:my|his|her|their) (?:whole|entire))`,
		`(?:chemical|electrical|acid) burns?`, `boiling (?:water|oil) (?:over|on|all over|onto)`,
		`skin (?:is |looks |went |has gone )?(?:peeling and )?(?:white|charred|leathery)`, `burn(?:ed|t)? (?:by|with) (?:acid|a chemical|electricity)`, `burn(?:s|ed|t)? (?:to|on) (?:(?:his|her|my|their|the) )?(?:face|hands|both hands|feet|genitals|eyes)`, `blisters (?:everywhere|all over)`, `(?:skin|burn) (?:is |looks )?(?:charred|white and leathery|leathery)`)
	pregnant         = re(`pregnan\w*`, `\d+ weeks? pregnant`, `expecting a baby`, `(?:my|the) (?:unborn )?baby is due`)
	preEclampsiaSign = re(`(?:severe|bad|terrible|pounding|awful|worst) headaches?`, `blurr(?:ed|y) (?:vision|eyesight)`, `(?:vision|eyesight) (?:is |has gone |went )?blurr(?:ed|y)`,
		`(?:seeing |see )?(?:flashing lights|spots|stars) (?:in|before) (?:my|her) eyes`, `(?:vision|sight) problems?`, `(?:flashing lights|spots) in (?:my|her) vision`,
		`(?:swelling|swollen|puffy|puffiness) (?:in|of|on)? ?(?:my |her |the )?(?:face|hands|fingers)`, `(?:face|hands|fingers) (?:is |are |have |has )?(?:swollen|swelling|puffy|swelled)`,
		`pain (?:just )?(?:below|under) (?:my |her |the )?ribs`)
	infant = re(`(?:newborn|new-born|neonate)`, `(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]weeks?[- ]old`,
		`(?:1|2|one|two)[- ]months?[- ]old`, `(?:\d+|a few|few)[- ]days?[- ]old`, `(?:under|less than|younger than) (?:3|three) months`)
	infantFever = re(`fever\w*`, `(?:feels?|felt|feeling|is|seems|very|really|so) (?:very |really |so )?hot`, `(?:high )?temperature(?: of (?:38|39|40)\S*)?`, `(?:hot|burning up) to the touch`, `burning up`, `3[89](?:\.\d)? ?(?:°|degrees)? ?c?`)
	floppyBaby  = re(`(?:baby|infant|newborn|child|toddler|son|daughter)(?: \w+){0,3} (?:is |seems |looks |has gone |went |gone |became |is very |is really )?(?:floppy|limp|unresponsive|hard to wake|won't wake|will not wake|not waking)`,
		`floppy (?:baby|infant|newborn)`, `(?:is|seems|looks|went|gone|became|and|very|really) (?:very |really |all )?floppy`, `(?:floppy|limp) and (?:unresponsive|not responding|hard to wake|drowsy)`)
	coughBlood = re(`cough\w* (?:up )?(?:a lot of |lots of |loads of |some |much |bright red |fresh )?blood`, `blood (?:in|when I) cough\w*`, `blood in (?:my )?(?:phlegm|sputum|mucus)`, `haemoptysis|hemoptysis`)
)

// chinese says each English sign in 简体中文: the phrases patients and
// their families write (胸口很痛，喘不上气) and the terms notes use (胸痛，
// 呼吸困难). A sign without an entry has no Chinese form yet.
var chinese = map[*rx.Regexp]*rx.Regexp{
	chestPain:        zh(`胸口(?:像|好像|就像)(?:压|被|有)`, `胸口.{0,3}压(?:了|着)`, `胸痛`, `胸口(?:很|非常|特别|剧烈|有点)?(?:痛|疼|闷|压痛)`, `胸(?:口|部)?(?:剧|绞)痛`, `胸部(?:疼痛|压迫感|压榨感)`, `胸闷`, `心口(?:痛|疼)`, `压榨(?:样|性)(?:胸)?痛`, `心绞痛`),
	breathless:       zh(`呼吸困难`, `喘不(?:上|过)气`, `气短`, `气促`, `气喘`, `憋气`, `上不来气`, `呼吸急促`, `透不过气`, `呼吸不畅`),
	severeBreathing:  zh(`呼吸(?:很|特别|非常|十分|极其)困难`, `没(?:有|了)?呼吸(?:了|心跳|$|[，。,.！!；; ])`, `呼吸停止`, `肋骨(?:下面|之间).{0,6}凹`, `三凹征`, `哼哼`, `吸不上气`, `呼吸困难`, `喘不(?:上|过)气`, `无法呼吸`, `不能呼吸`, `上不来气`, `憋得说不出话`, `窒息`, `透不过气`),
	cardiacCompanion: zh(`(?:左)?(?:胳膊|手臂|臂|肩膀|肩|下巴|下颌)(?:也|还|都)?(?:发)?(?:麻|疼|痛|酸)`, `(?:疼|痛)(?:到|至)(?:左)?(?:胳膊|手臂|肩|肩膀|下巴|下颌|后背)`, `想吐`, `(?:放射|蔓延|传)(?:到|至)(?:左)?(?:臂|手臂|胳膊|肩|肩膀|下颌|下巴|颈|脖子|背|后背)`, `(?:出|冒)(?:冷)?汗`, `大汗`, `恶心`, `呕吐`, `头晕`, `压榨`),
	faceDroop:        zh(`脸(?:的)?(?:一边|一侧|半边)(?:都)?(?:歪|斜|耷拉|下垂)`, `口角(?:歪斜|下垂)`, `嘴(?:巴)?(?:歪|斜)`, `脸(?:歪|斜)`, `面瘫`, `(?:一侧|一边|半边)(?:脸|面部)(?:下垂|歪|耷拉|麻木)`, `口眼歪斜`, `面部(?:下垂|不对称)`),
	armWeakness: zh(`(?:一侧|单侧|左侧|右侧|左边|右边|半边|一边)(?:的)?(?:肢体|手臂|胳膊|手|腿|身体|身子|手脚)(?:都|也)?(?:突然)?(?:无力|麻木|不能动|动不了|没力气|没劲)`,
		`(?:胳膊|手臂|手)(?:突然)?(?:抬不起来|举不起来|抬不起)`, `偏瘫`, `半身不遂`, `突然(?:手脚|肢体|胳膊|腿)(?:无力|麻木|没力气)`),
	speech:           zh(`言语不清`, `大舌头`, `舌头不灵`, `说话(?:不清|含糊|不利索|口齿不清)`, `口齿(?:不清|含糊)`, `说不出话`, `吐字不清`, `讲话含糊`, `失语`, `舌头(?:发)?硬`),
	vomitBlood:       zh(`呕血`, `吐血`, `(?:吐|呕)(?:了|出)?(?:好多|很多|一些|大量)?(?:的)?(?:咖啡色|咖啡渣样?)`, `(?:吐|呕)(?:了|出)?(?:好多|很多|大量|一口|一大口|一些|些|满地)(?:的)?(?:鲜)?血`, `呕吐物(?:中|里)?(?:带|有)血`, `吐(?:出)?(?:咖啡色|咖啡渣样)`),
	blackStool:       zh(`黑便`, `柏油(?:样|色)?(?:的)?(?:大便|便|屎)`, `黑色(?:的)?\p{Han}{0,4}(?:大便|稀便|便)`, `柏油(?:样)?便`, `大便(?:发|是|呈|变)?黑`, `拉黑(?:色)?(?:的)?(?:大便|屎)`),
	heavyBleeding:    zh(`(?:下面|阴道|下身)?出(?:了)?(?:好多|很多|大量)(?:的)?血`, `流了(?:好多|很多|大量|一大滩|一地)(?:的)?血`, `(?:好多|很多|大量)(?:的)?血(?:往外)?(?:流|涌|冒)`, `血(?:一直)?往外(?:喷|冒|涌)`, `按不住`, `止不住`, `大出血`, `出血不止`, `血流不止`, `止不住(?:的)?血`, `血止不住`, `喷血`, `血(?:一直|不停|还在)?(?:往外)?(?:喷|涌)`, `大量出血`, `按压(?:也)?(?:止不住|无法止血)`),
	highFever:        zh(`发热`, `发烧`, `高热`, `高烧`, `体温(?:升高|高|3[89]|4[01])`),
	stiffNeck:        zh(`颈(?:部|项)?(?:很|特别|非常|有点)?(?:强直|僵硬|发硬)`, `脖子(?:很|特别|非常|有点|都)?(?:僵硬|发硬|硬|僵)`, `颈抵抗`),
	rashNoFade:       zh(`按(?:了|压)?(?:也|都)?不褪色`, `紫(?:红)?色?(?:的)?(?:小点|斑点|点点|瘀点)`, `压之不褪色`, `按压(?:后)?不褪色`, `(?:皮疹|疹子|红点)(?:按压|压)(?:后)?不(?:褪|消)`, `瘀点`, `瘀斑`),
	unconscious:      zh(`突然倒地`, `倒在地上`, `倒地不起`, `叫不醒`, `睡不醒`, `喊(?:他|她)?(?:也)?没(?:有)?反应`, `昏迷`, `晕倒`, `晕厥`, `昏倒`, `意识(?:不清|丧失|模糊)`, `不省人事`, `叫不醒`, `没有?反应`, `失去意识`, `休克`, `昏过去`, `晕过去`, `(?:晕|昏)了过去`),
	seizure:          zh(`抽搐`, `抽风`, `癫痫发作`, `惊厥`, `全身抽`),
	thunderclap:      zh(`(?:突然|突发)(?:的)?(?:剧烈|严重|炸裂样?)?头痛`, `一生中最(?:严重|剧烈|痛)的头痛`, `炸裂(?:样|般)?(?:的)?头痛`, `霹雳(?:样)?头痛`, `从未有过的(?:剧烈)?头痛`),
	suddenConfusion:  zh(`突然(?:意识)?(?:糊涂|混乱|错乱|胡言乱语|认不出人)`, `神志不清`, `胡言乱语`),
	throatSwelling:   zh(`喉咙(?:肿|发紧|收紧|堵)`, `(?:打|用)了肾上腺素(?:笔)?(?:还|也|仍然|都)`, `喉头水肿`, `舌头(?:肿|肿胀|肿大)`, `过敏性休克`, `嗓子(?:肿|发紧)`),
	faceSwelling:     zh(`(?:嘴唇|脸|面部|眼睛|眼皮|嘴)(?:都)?(?:肿|肿胀|水肿)`),
	allergicSevere:   zh(`喘息`, `喘鸣`, `(?:打|用)了(?:肾上腺素)`, `(?:有点|很|好|特别|一直)喘`, `喘得`, `哮鸣`, `呼吸困难`, `喘不(?:上|过)气`, `头晕`, `晕倒`),
	suicidal:         zh(`自杀`, `想(?:从\p{Han}{0,4})?跳下去`, `(?:楼顶|天台|桥上|楼上)(?:上)?\p{Han}{0,6}跳`, `遗书`, `(?:想|要|准备)(?:去)?(?:跳楼|跳河|上吊|卧轨)`, `寻死`, `想不开`, `了结(?:自己|生命)`, `结束这一切`, `轻生`, `不想活`, `想死`, `结束(?:自己的)?生命`, `自残`, `伤害自己`, `割腕`, `活着没意思`),
	dehydration:      zh(`(?:从早上到现在|一整天|一天|半天)(?:都)?没(?:有)?(?:尿|小便|尿尿)`, `没怎么(?:小便|尿)`, `眼窝凹陷`, `(?:两|2|几)天没(?:怎么)?喝水`, `严重脱水`, `(?:一天|一整天|整天|很久|\d+个?小时)(?:都)?没(?:有)?(?:小便|尿|排尿)`, `喝(?:什么|水|东西)(?:都|就)吐`, `喝不进(?:水|东西)`),
	cyanosis:         zh(`(?:嘴唇|口唇|脸|面色|皮肤|舌头|指甲)(?:都|也|有点|已经)?(?:发|变|青)?紫`, `发绀`, `紫绀`, `嘴唇(?:发)?青`),
	jaundice:         zh(`黄疸`, `皮肤(?:发|变)黄`, `眼睛(?:发|变)黄`, `巩膜黄染`, `眼白(?:发|变)黄`),
	coughBlood:       zh(`咯血`, `咳血`, `痰中带血`, `咳嗽带血`, `咳出血`),
	overdose:         zh(`误(?:喝|服|吃|食)`, `喝了.{0,4}消毒液`, `吞(?:了|下)?.{0,4}(?:纽扣)?电池`, `吞(?:了|下)?.{0,3}磁(?:铁|珠)`, `(?:吃|服|吞)(?:了|下)?(?:很多|一整瓶|整瓶|一瓶|一整盒|整盒|一盒|一整板|整板|大量|一把|好多)(?:的)?\p{Han}{0,4}(?:药|药片)`, `过量服药`, `服药过量`, `药物过量`, `中毒`, `喝了农药`, `误服`, `喝了(?:消毒液|洗洁精|漂白水|百草枯)`, `(?:喝|吃|吞|误食|误服)(?:了|下)?(?:一些|一点|一口)?(?:洗衣液|洗衣凝珠|洗衣粉|清洁剂|84消毒液|汽油|煤油|杀虫剂|老鼠药|鼠药|除草剂|敌敌畏|洁厕灵)`),
	burns:            zh(`(?:烧|烫)伤(?:了)?(?:脸|面部|双手|手和脸|脸和(?:双)?手)`, `全是(?:水)?泡`, `(?:油锅|着火|起火).{0,6}(?:烧|烫)伤`, `开水(?:浇|泼|洒|倒)(?:到|在)`, `皮(?:都)?(?:掉了|脱了)`, `(?:一大片|大片)(?:的)?(?:皮肤|皮)?(?:都)?(?:发白|起泡|烧焦|焦了)`, `大面积(?:烧伤|烫伤)`, `严重(?:烧伤|烫伤)`, `(?:化学|电)(?:烧伤|灼伤)`, `被(?:开水|火|硫酸)(?:严重)?(?:烫|烧)伤`),
	pregnant:         zh(`怀孕`, `妊娠`, `孕(?:\d+|[一二三四五六七八九十]+)(?:周|个月)`, `孕妇`, `孕期`, `怀(?:了)?(?:宝宝|孩子)`),
	preEclampsiaSign: zh(`(?:剧烈|严重|很)?头痛`, `头(?:很|特别)?疼`, `视物模糊`, `视力模糊`, `眼前(?:发黑|冒金星|闪光)`, `看东西模糊`, `(?:脸|面部|手)(?:部)?(?:肿|浮肿|水肿)`, `上腹(?:部)?(?:痛|疼)`, `血压(?:高|升高)`),
	// Ages, never durations: "一周" alone is a week of coughing, so a week
	// or month count needs 大 or a baby word after it.
	infant: zh(`新生儿`, `(?:[1-9]|1[0-2]|[一二三四五六七八九十])(?:周|个星期)(?:大|的宝宝|的婴儿|宝宝|婴儿)`,
		`(?:1|2|一|两|二)个(?:多|半)?月(?:大|的宝宝|的婴儿|宝宝|婴儿)`, `(?:宝宝|婴儿|孩子)(?:才|刚|刚刚)?(?:1|2|一|两|二)个(?:多|半)?月`, `一个半月`, `满月`,
		`出生(?:才)?(?:\d+|几|[一二三四五六七八九十]+)(?:天|周)`, `(?:\d+|几)天(?:大)?的?(?:宝宝|婴儿)`),
	infantFever:   zh(`摸着(?:很|特别)?烫`, `(?:38|39|40)(?:\.\d)?度`, `发热`, `发烧`, `高热`, `高烧`, `体温(?:升高|高|3[89]|4[01])`),
	sepsisSkin:    zh(`皮肤(?:发花|花斑|青紫|发灰)`, `花斑(?:样)?皮肤`),
	feverish:      zh(`发热`, `发烧`, `高热`, `高烧`, `体温(?:升高|高|3[89]|4[01])`, `寒战`),
	confused:      zh(`说胡话`, `意识(?:不清|模糊)`, `神志不清`, `迷糊`, `糊涂`, `胡言乱语`, `嗜睡`, `叫不醒`),
	headInjury:    zh(`(?:撞|磕|摔|碰|砸)(?:到|伤|破|了)?(?:了)?头`, `头(?:部)?(?:外伤|受伤|撞伤|磕破)`, `从.{0,4}(?:梯子|楼梯|高处|屋顶)(?:上)?(?:摔|掉|跌)`),
	heartAttack:   zh(`心脏病(?:发作|犯了|又犯)`, `心梗(?:了|发作)`, `(?:突发|得了|犯了|发作了|是|像是?|可能是|怀疑|疑似|好像)(?:急性)?心(?:梗|肌梗死|肌梗塞)`, `急性心梗`, `心肌梗(?:死|塞)`, `心脏骤停`),
	headInjuryRed: zh(`意识(?:不清|模糊)`, `神志不清`, `迷糊`, `糊涂`, `胡言乱语`, `嗜睡`, `叫不醒`, `(?:很|特别|一直)?想睡`, `昏昏沉沉`, `呕吐`, `(?:一直|老是|不停)?吐`, `晕(?:倒|过去|厥)`, `抽搐`),
	visionLoss:    zh(`突然(?:一只眼(?:睛)?)?(?:看不见|看不到|失明|瞎了)`, `突然(?:眼前)?(?:一片)?(?:黑|看不清)`, `突然视力(?:下降|丧失|没了)`, `一只眼(?:睛)?(?:突然)?(?:看不见|看不到|失明)`),
	seriousInjury: zh(`被(?:车|汽车|摩托车|电动车|卡车|货车|公交车)撞`, `车祸`, `被人(?:用刀)?(?:捅|刺|砍)`, `被(?:捅|砍)(?:了|伤)`, `被刀(?:捅|刺|砍)`, `刀(?:捅|刺)(?:了|伤|进)`, `枪伤`, `中枪`, `骨头(?:都)?(?:露|戳|刺)(?:出来|出)`,
		`从.{0,4}(?:楼上|高处|屋顶|阳台|脚手架|二楼|三楼)(?:上)?(?:摔|掉|跌|坠)`),
	floppyBaby: zh(`(?:宝宝|婴儿|孩子|小孩)(?:很|特别|浑身|全身)?(?:软|软绵绵|蔫|没精神|没反应|叫不醒|反应差)`),
}

// both is the bilingual sign for an English pattern.
func both(en *rx.Regexp) *sign { return &sign{en: en, zh: chinese[en], fact: facts[en]} }

// facts names the signs the structured step can establish by itself.
var facts = map[*rx.Regexp]string{infant: "infant", pregnant: "pregnant"}

// factsOf is what the structured step establishes.
func factsOf(a *clinical.About) map[string]bool {
	if a == nil {
		return nil
	}
	return map[string]bool{"infant": a.Age == "under-3-months", "pregnant": a.Pregnant}
}

// rules are checked in order; each firing rule adds its reason. Emergency
// rules override the classifier, as the model card says.
var rules = []rule{
	{clinical.TriageRule{ID: "chest-pain-breathless", Level: Emergency,
		When:   "chest pain together with shortness of breath or difficulty breathing",
		Source: "NHS: Chest pain (nhs.uk/conditions/chest-pain) - call 999 for chest pain that started with shortness of breath; AHA: Warning signs of a heart attack"},
		"Chest pain with breathlessness can be a heart attack or a blood clot in the lungs.",
		[]*sign{both(chestPain), both(breathless)}},
	{clinical.TriageRule{ID: "chest-pain-cardiac-signs", Level: Emergency,
		When:   "chest pain that spreads to the arm, jaw, neck or back, feels tight or heavy, or comes with sweating, nausea, vomiting or light-headedness",
		Source: "NHS: Chest pain - call 999 for sudden chest pain that spreads to your arms, back, neck or jaw, feels tight or heavy, or started with sweating and feeling or being sick; AHA: Warning signs of a heart attack"},
		"Chest pain with these signs can be a heart attack.",
		[]*sign{both(chestPain), both(cardiacCompanion)}},
	{clinical.TriageRule{ID: "stroke-face", Level: Emergency,
		When:   "face drooping on one side (FAST: Face)",
		Source: "NHS: Stroke - symptoms (FAST); AHA/ASA: Stroke warning signs (BE FAST)"},
		"A drooping face can be a stroke: every minute counts.",
		[]*sign{both(faceDroop)}},
	{clinical.TriageRule{ID: "stroke-arm", Level: Emergency,
		When:   "sudden or one-sided weakness or numbness of an arm, leg or the face, or being unable to lift an arm (FAST: Arms)",
		Source: "NHS: Stroke - symptoms (FAST); AHA/ASA: Stroke warning signs (BE FAST)"},
		"Sudden one-sided weakness can be a stroke: every minute counts.",
		[]*sign{both(armWeakness)}},
	{clinical.TriageRule{ID: "stroke-speech", Level: Emergency,
		When:   "slurred or garbled speech, or suddenly being unable to speak (FAST: Speech)",
		Source: "NHS: Stroke - symptoms (FAST); AHA/ASA: Stroke warning signs (BE FAST)"},
		"Slurred or lost speech can be a stroke: every minute counts.",
		[]*sign{both(speech)}},
	{clinical.TriageRule{ID: "breathing-difficulty", Level: Emergency,
		When:   "difficulty breathing, struggling to breathe, gasping, choking, or too breathless to speak",
		Source: "NHS: When to call 999 (difficulty breathing: not being able to get words out, choking or gasping); NHS: Shortness of breath; NHS: Asthma attacks"},
		"Serious difficulty breathing needs emergency help.",
		[]*sign{both(severeBreathing)}},
	{clinical.TriageRule{ID: "cyanosis", Level: Emergency,
		When:   "lips, tongue, face or skin turning blue",
		Source: "NHS: When to call 999; NHS: Sepsis (blue, grey, pale or blotchy skin, lips or tongue)"},
		"Blue lips or skin mean the body is short of oxygen.",
		[]*sign{both(cyanosis)}},
	{clinical.TriageRule{ID: "vomiting-blood", Level: Emergency,
		When:   "vomiting blood or what looks like coffee grounds",
		Source: "NHS: Vomiting blood (haematemesis) - go to A&E or call 999; NICE CG141 Acute upper gastrointestinal bleeding"},
		"Vomiting blood can mean bleeding inside the stomach or gullet.",
		[]*sign{both(vomitBlood)}},
	{clinical.TriageRule{ID: "black-stools", Level: Emergency,
		When:   "black, tarry stools (melaena)",
		Source: "NHS: Blood in poo - call 999 or go to A&E if your poo is black or dark red; NICE CG141 Acute upper gastrointestinal bleeding"},
		"Black, tarry stools can mean bleeding in the gut.",
		[]*sign{both(blackStool)}},
	{clinical.TriageRule{ID: "severe-bleeding", Level: Emergency,
		When:   "heavy bleeding, bleeding that will not stop, losing a lot of blood or large clots",
		Source: "NHS: When to call 999 (severe bleeding that cannot be stopped); NHS: Blood in poo (bleeding non-stop, a lot of blood)"},
		"Heavy bleeding needs emergency help.",
		[]*sign{both(heavyBleeding)}},
	{clinical.TriageRule{ID: "fever-stiff-neck", Level: Emergency,
		When:   "fever together with a stiff neck",
		Source: "NHS: Meningitis - call 999 (high temperature, stiff neck, rash that does not fade); NICE NG240 Meningitis (bacterial) and meningococcal disease"},
		"Fever with a stiff neck can be meningitis.",
		[]*sign{both(highFever), both(stiffNeck)}},
	{clinical.TriageRule{ID: "rash-does-not-fade", Level: Emergency,
		When:   "a rash that does not fade when a glass is pressed on it",
		Source: "NHS: Meningitis (the glass test); NHS: Sepsis"},
		"A rash that does not fade under a glass can be meningitis or sepsis.",
		[]*sign{both(rashNoFade)}},
	{clinical.TriageRule{ID: "loss-of-consciousness", Level: Emergency,
		When:   "fainting, passing out, blacking out, collapsing or being unconscious or unresponsive",
		Source: "NHS: When to call 999 (someone is unconscious, has collapsed or fainted and does not wake); NICE CG109 Transient loss of consciousness"},
		"Losing consciousness needs urgent assessment of its cause.",
		[]*sign{both(unconscious)}},
	{clinical.TriageRule{ID: "seizure", Level: Emergency,
		When:   "a seizure, fit or convulsion",
		Source: "NHS: What to do if someone has a seizure (call 999 for a first seizure or one lasting over 5 minutes); NICE NG217 Epilepsies"},
		"A seizure needs emergency assessment, especially a first one.",
		[]*sign{both(seizure)}},
	{clinical.TriageRule{ID: "thunderclap-headache", Level: Emergency,
		When:   "a sudden, severe headache (the worst ever, or like being hit on the head)",
		Source: "NHS: Headaches - call 999 for a sudden, agonising headache; NICE CG150 Headaches in over 12s (red flags: thunderclap headache)"},
		"A sudden, severe headache can be bleeding in the brain.",
		[]*sign{both(thunderclap)}},
	{clinical.TriageRule{ID: "sudden-confusion", Level: Emergency,
		When:   "sudden confusion",
		Source: "NHS: When to call 999 (sudden confusion); NHS: Sepsis (acting confused, slurred speech or not making sense); NHS: Stroke"},
		"Sudden confusion can be a stroke, sepsis or another emergency.",
		[]*sign{both(suddenConfusion)}},
	{clinical.TriageRule{ID: "anaphylaxis-throat", Level: Emergency,
		When:   "swelling or tightening of the throat or tongue",
		Source: "NHS: Anaphylaxis - call 999 (swelling of the throat and tongue, difficulty breathing); Resuscitation Council UK: Emergency treatment of anaphylaxis (2021)"},
		"Throat or tongue swelling can be anaphylaxis, a life-threatening allergic reaction.",
		[]*sign{both(throatSwelling)}},
	{clinical.TriageRule{ID: "anaphylaxis-swelling-breathing", Level: Emergency,
		When:   "swelling of the lips, face or eyes together with wheezing, breathing difficulty, dizziness or fainting",
		Source: "NHS: Anaphylaxis; Resuscitation Council UK: Emergency treatment of anaphylaxis (2021)"},
		"Facial swelling with breathing trouble or dizziness can be anaphylaxis.",
		[]*sign{both(faceSwelling), both(allergicSevere)}},
	{clinical.TriageRule{ID: "suicidal-thoughts", Level: Emergency,
		When:   "thoughts of suicide, of ending one's life or of self-harm",
		Source: "NHS: Help for suicidal thoughts - call 999 or go to A&E if you have harmed yourself or feel you may act on suicidal thoughts; in the UK Samaritans 116 123"},
		"You deserve help right now. If you might act on these thoughts, call emergency services; you can also call a crisis line (in the UK, Samaritans 116 123).",
		[]*sign{both(suicidal)}},
	{clinical.TriageRule{ID: "severe-dehydration", Level: Emergency,
		When:   "severe dehydration: not passing urine all day or for many hours, or unable to keep any fluids down",
		Source: "NHS: Dehydration - call 999 or go to A&E if you have not peed all day, feel confused or your heart is racing; NHS: Vomiting in adults"},
		"Severe dehydration needs emergency fluids.",
		[]*sign{both(dehydration)}},

	{clinical.TriageRule{ID: "sepsis-skin", Level: Emergency,
		When:   "mottled, blotchy, grey or ashen skin",
		Source: "NHS: Sepsis - call 999 for blue, grey, pale or blotchy skin, lips or tongue; UK Sepsis Trust; NICE NG51 Sepsis"},
		"Mottled or grey skin can be sepsis.",
		[]*sign{both(sepsisSkin)}},
	{clinical.TriageRule{ID: "fever-confusion", Level: Emergency,
		When:   "a fever or high temperature with confusion, not making sense or unusual drowsiness",
		Source: "NHS: Sepsis - call 999 for acting confused, slurred speech or not making sense; NICE NG51 Sepsis (altered mental state)"},
		"Fever with confusion can be sepsis or meningitis.",
		[]*sign{both(feverish), both(confused)}},
	{clinical.TriageRule{ID: "head-injury-confusion", Level: Emergency,
		When:   "a head injury followed by confusion, not making sense, drowsiness, vomiting, fainting or a seizure",
		Source: "NHS: Head injury and concussion - call 999 if someone has hit their head and is unconscious, confused, has a fit or has trouble speaking; NICE NG232 Head injury"},
		"Confusion or drowsiness after a head injury can mean bleeding inside the skull.",
		[]*sign{both(headInjury), both(headInjuryRed)}},
	{clinical.TriageRule{ID: "sudden-vision-loss", Level: Emergency,
		When:   "sudden loss of sight in one or both eyes",
		Source: "NHS: Vision loss - go to A&E or call 999 if you suddenly lose your sight; AHA/ASA: Stroke warning signs (BE FAST: Eyes)"},
		"Sudden loss of sight can be a stroke or another emergency of the eye or brain.",
		[]*sign{both(visionLoss)}},
	{clinical.TriageRule{ID: "serious-injury", Level: Emergency,
		When:   "a serious injury: hit by a vehicle, a road crash, a stab or gunshot wound, a bone through the skin or a limb bent the wrong way, or a fall from a height",
		Source: "NHS: When to call 999 (serious injuries, deep wounds such as knife or gunshot wounds, broken bones that pierce the skin); NICE NG39 Major trauma"},
		"A serious injury needs emergency help, even if the person seems well now.",
		[]*sign{both(seriousInjury)}},
	{clinical.TriageRule{ID: "heart-attack", Level: Emergency,
		When:   "someone says they are having, or may be having, a heart attack",
		Source: "NHS: Heart attack - call 999 immediately if you think someone might be having a heart attack"},
		"A heart attack that may be happening now needs an ambulance.",
		[]*sign{both(heartAttack)}},
	{clinical.TriageRule{ID: "chest-pain-coughing-blood", Level: Emergency,
		When:   "chest pain together with coughing up blood (a possible blood clot in the lungs)",
		Source: "NHS: Pulmonary embolism - call 999 for chest pain with breathlessness or coughing up blood; NICE NG158 Venous thromboembolic diseases"},
		"Chest pain with coughing up blood can be a blood clot in the lungs.",
		[]*sign{both(chestPain), both(coughBlood)}},
	{clinical.TriageRule{ID: "overdose-poisoning", Level: Emergency,
		When:   "an overdose of medicines, or swallowing a poison, bleach, pesticide or a button battery",
		Source: "NHS: Poisoning - call 999 or go to A&E if someone has swallowed something poisonous and is unwell; NHS: Overdose - go to A&E even if they seem well; WHO: Poisoning prevention and management"},
		"An overdose or poisoning needs emergency help, even if the person seems well now.",
		[]*sign{both(overdose)}},
	{clinical.TriageRule{ID: "severe-burns", Level: Emergency,
		When:   "large, deep, chemical or electrical burns",
		Source: "NHS: Burns and scalds - go to A&E for large or deep burns, chemical and electrical burns, and burns that cause white or charred skin; call 999 for severe burns"},
		"Large, deep, chemical or electrical burns need emergency care.",
		[]*sign{both(burns)}},
	{clinical.TriageRule{ID: "pregnancy-warning-signs", Level: Emergency,
		When:   "in pregnancy: a severe headache, vision problems, pain below the ribs or swelling of the face or hands (signs of pre-eclampsia)",
		Source: "NHS: Pre-eclampsia - call your midwife, maternity unit or 111 immediately for a severe headache, vision problems, pain below the ribs or sudden swelling of the face, hands or feet; NICE NG133 Hypertension in pregnancy; WHO: Pre-eclampsia"},
		"These signs in pregnancy can be pre-eclampsia, which can become dangerous for mother and baby within hours.",
		[]*sign{both(pregnant), both(preEclampsiaSign)}},
	{clinical.TriageRule{ID: "infant-fever", Level: Emergency,
		When:   "a fever or high temperature in a baby under 3 months",
		Source: "NHS: Fever in children - a baby under 3 months with a temperature of 38C or higher needs urgent help; NICE NG143 Fever in under 5s (red: age under 3 months with temperature 38C or higher)"},
		"A fever in a baby under 3 months needs to be seen by a doctor straight away.",
		[]*sign{both(infant), both(infantFever)}},
	{clinical.TriageRule{ID: "floppy-unresponsive-child", Level: Emergency,
		When:   "a baby or child who is floppy, limp, unresponsive or hard to wake",
		Source: "NHS: Fever in children - call 999 if your child is floppy, unresponsive, or hard to wake; NICE NG143 Fever in under 5s (red: no response to social cues, does not wake)"},
		"A floppy or unresponsive baby or child needs emergency help.",
		[]*sign{both(floppyBaby)}},

	// Urgent (same day) signs that do not need an ambulance on their own.
	{clinical.TriageRule{ID: "chest-pain", Level: Urgent,
		When:   "chest pain without the emergency signs above",
		Source: "NHS: Chest pain - get an urgent GP appointment or call 111 if chest pain comes and goes or you are worried"},
		"Chest pain should be checked the same day.",
		[]*sign{both(chestPain)}},
	{clinical.TriageRule{ID: "shortness-of-breath", Level: Urgent,
		When:   "shortness of breath or wheezing without the emergency signs above",
		Source: "NHS: Shortness of breath - ask for an urgent GP appointment or call 111"},
		"New shortness of breath should be checked the same day.",
		[]*sign{both(breathless)}},
	{clinical.TriageRule{ID: "yellow-skin-or-eyes", Level: Urgent,
		When:   "yellow skin or yellow whites of the eyes (jaundice)",
		Source: "NHS: Jaundice - get an urgent GP appointment or call 111"},
		"Yellow skin or eyes in an adult needs an urgent check of the liver.",
		[]*sign{both(jaundice)}},
	{clinical.TriageRule{ID: "coughing-blood", Level: Urgent,
		When:   "coughing up blood",
		Source: "NHS: Coughing up blood - ask for an urgent GP appointment or call 111; go to A&E if it is more than a few teaspoons"},
		"Coughing up blood should be checked the same day.",
		[]*sign{both(coughBlood)}},
}

// Rules lists the triage rules for the model card, in the order they are
// checked.
func Rules() []clinical.TriageRule {
	out := make([]clinical.TriageRule, len(rules))
	for i, r := range rules {
		out[i] = r.TriageRule
	}
	return out
}

// Context gives the clinical context of the finding between the byte
// offsets start and end of text, with the values of nlp.Finding:
// negation (affirmed, negated, possible), temporality (recent, historical,
// hypothetical) and experiencer (patient, other). The NLP context step
// supplies it; triage never decides negation itself.
type Context func(text string, start, end int) (negation, temporality, experiencer string)

// counts reports whether a finding in this context should trigger a rule. A
// possible finding counts: "I think I fainted" must not be waved away. Whose
// finding it is does not matter: "my dad's face is drooping" is the same
// emergency, and the person typing is often the one who must call for help.
func counts(negation, temporality, _ string) bool {
	return negation != "negated" && temporality == "recent"
}

// Fired is a triage rule that matched, with the spans that made it fire.
type Fired struct {
	Rule  clinical.TriageRule
	Spans []nlp.Span
}

// MatchRules returns the rules that fire on text, in rule order. A nil
// context counts every match (for tests of the patterns alone).
func MatchRules(text string, ctx Context) []Fired { return matchRules(text, ctx, nil) }

// matchRules is MatchRules with what the structured step established.
func matchRules(text string, ctx Context, known map[string]bool) []Fired {
	var out []Fired
	for _, r := range rules {
		var spans []nlp.Span
		ok := true
		for _, pat := range r.all {
			found := pat.fact != "" && known[pat.fact]
			for _, m := range pat.matches(text) {
				if ctx == nil || counts(ctx(text, m[0], m[1])) {
					spans = append(spans, span(text, m[0], m[1]))
					found = true
					break
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, Fired{Rule: r.TriageRule, Spans: spans})
		}
	}
	return out
}

func span(text string, start, end int) nlp.Span {
	return nlp.Span{Text: text[start:end], Start: runeCount(text[:start]), End: runeCount(text[:end]), ByteStart: start, ByteEnd: end}
}

func runeCount(s string) int { return len([]rune(s)) }

// Assess combines the classifier's probabilities with the rules. Classes
// with probability >= minProb (and always the most likely one) contribute
// their usual level, so a plausible urgent disease is not hidden behind a
// slightly more likely mild one. Any emergency rule makes the level
// emergency and puts clinical.MsgCallEmergency first.
//
// about, if given, is the structured step: it can establish a sign (a baby
// under 3 months, a pregnancy), a "severe" answer is at least see-doctor,
// and a child or a pregnancy is said to be outside the model's scope.
func Assess(text string, classes []clinical.ClassProb, uncertain bool, ctx Context, about *clinical.About) clinical.Triage {
	const minProb = 0.2
	t := clinical.Triage{Level: SelfCare, Reasons: []clinical.Message{}, RedFlags: []string{}}
	raise := func(level string) {
		if levelRank[level] > levelRank[t.Level] {
			t.Level = level
		}
	}
	for i, c := range classes {
		if i > 0 && c.Prob < minProb {
			break
		}
		level, _, ok := DiseaseLevel(c.Label)
		if !ok {
			continue
		}
		raise(level)
		t.Reasons = append(t.Reasons, clinical.Message{Code: clinical.MsgDiseaseLevel, Args: map[string]string{
			"label": c.Label, "prob": strconv.FormatFloat(c.Prob, 'g', 4, 64), "level": level}})
	}
	if uncertain {
		raise(SeeDoctor)
		t.Reasons = append(t.Reasons, clinical.Message{Code: clinical.MsgTriageUncertain})
	}
	emergency := false
	var flagged []clinical.Message
	if about != nil && about.Severity == "severe" {
		raise(SeeDoctor)
	}
	for _, f := range matchRules(text, ctx, factsOf(about)) {
		if f.Rule.Level == Emergency {
			emergency = true
		} else if emergency {
			continue // the emergency reasons already cover it
		}
		raise(f.Rule.Level)
		t.RedFlags = append(t.RedFlags, f.Rule.ID)
		flagged = append(flagged, clinical.Message{Code: clinical.MsgRedFlag, Args: map[string]string{"rule": f.Rule.ID}})
	}
	// What the text says comes before what the classifier guessed; an
	// emergency opens with the instruction to call for help.
	t.Reasons = append(flagged, t.Reasons...)
	if t.Level == Emergency {
		// An emergency says one thing: call for help, and why. What the
		// classifier guessed ("hypertension: see a GP") would only muddle it.
		t.Reasons = append([]clinical.Message{{Code: clinical.MsgCallEmergency}}, flagged...)
		return t
	}
	if about != nil && about.Child() {
		t.Reasons = append(t.Reasons, clinical.Message{Code: clinical.MsgOutOfScope, Args: map[string]string{"reason": "child"}})
	}
	if about != nil && about.Pregnant {
		t.Reasons = append(t.Reasons, clinical.Message{Code: clinical.MsgOutOfScope, Args: map[string]string{"reason": "pregnancy"}})
	}
	return t
}
