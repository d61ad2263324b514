package ui

// The strings of the emergency card, the region setting, the structured
// step and stale results live apart from the main tables so that the
// department and disease names can be edited there without conflicts;
// init merges them and refuses a key both places define.

var enSafety = map[string]string{
	"region.cn":              "China",
	"region.eu":              "European Union",
	"region.us":              "United States",
	"region.uk":              "United Kingdom",
	"region.au":              "Australia",
	"region.in":              "India",
	"region.cn.line":         "the 12320 health hotline or a doctor",
	"region.eu.line":         "your GP or family doctor",
	"region.us.line":         "your doctor or a nurse advice line",
	"region.uk.line":         "NHS 111 or your GP",
	"region.au.line":         "healthdirect (1800 022 222) or your GP",
	"region.in.line":         "your doctor or a local health helpline",
	"settings.region":        "Region",
	"settings.region.label":  "Where you are",
	"settings.region.help":   "Sets the emergency number on the call button and the health advice line the results name. Stored on this device only.",
	"settings.region.option": "%s (emergency %s)",

	"triage.cannot-tell": "Cannot tell",

	"emergency.call":          "Call %s",
	"emergency.region":        "Emergency number for %s.",
	"emergency.region.change": "Change region",
	"emergency.wait":          "While you wait for help",
	"emergency.wait.1":        "Stay with the person and keep them still and comfortable.",
	"emergency.wait.2":        "Do not give them anything to eat or drink.",
	"emergency.wait.3":        "Unlock the door and turn on a light so help can get in.",
	"emergency.wait.4":        "Have their medicines, allergies and any medical papers ready.",
	"emergency.wait.5":        "If they stop breathing normally, start CPR if you can and follow the call-taker's instructions.",

	"dept.title":      "Suggested clinic",
	"dept.help":       "A second model, which reads Chinese, suggests which internal-medicine clinic questions like yours were filed under.",
	"dept.uncertain":  "The model is not sure which of these clinics fits.",
	"dept.chars":      "Characters that drove the suggestion:",
	"dept.disclaimer": "Not a diagnosis and not triage: it knows only 8 internal-medicine clinics and names one of them for any question. The warning-sign check above decides how urgent it is.",

	"symptoms.english_only": "The list of conditions comes from a model that reads English only, so it could not read this Chinese text. The warning-sign check and the highlighted words below did read it.",
	"symptoms.found":        "Recognised in your words",
	"symptoms.found.help":   "Findings read from your text. Things you said you do not have are struck through.",
	"result.stale":          "This result is for the previous text. Check again to update it.",
	"risk.stale":            "This result is for the previous values. Calculate again to update it.",

	"about.title":                   "About the person (optional)",
	"about.help":                    "Answers help spot warning signs, such as a fever in a young baby. Leave out anything you do not want to say.",
	"about.any":                     "Not given",
	"about.who":                     "For whom",
	"about.who.me":                  "Me",
	"about.who.other":               "Someone else",
	"about.age":                     "Age",
	"about.age.under-3-months":      "Under 3 months",
	"about.age.3-months-to-4-years": "3 months to 4 years",
	"about.age.5-to-15":             "5 to 15 years",
	"about.age.16-to-64":            "16 to 64 years",
	"about.age.65-plus":             "65 or older",
	"about.sex":                     "Sex",
	"about.sex.female":              "Female",
	"about.sex.male":                "Male",
	"about.sex.other":               "Other",
	"about.pregnant":                "Pregnant",
	"about.weeks":                   "Weeks of pregnancy (optional)",
	"about.weeks.error":             "Enter a whole number of weeks from 1 to 45, or leave it empty.",
	"about.duration":                "How long",
	"about.duration.hours":          "Hours",
	"about.duration.days":           "Days",
	"about.duration.weeks":          "Weeks",
	"about.duration.months":         "Months or longer",
	"about.severity":                "How bad",
	"about.severity.mild":           "Mild",
	"about.severity.moderate":       "Moderate",
	"about.severity.severe":         "Severe",
	"about.scope":                   "This checker was made for adults who are not pregnant. For a child or a pregnancy its list of conditions may not fit; the warning signs still apply, and a doctor, midwife or pharmacist can advise.",
}

var zhSafety = map[string]string{
	"region.cn":              "中国",
	"region.eu":              "欧盟",
	"region.us":              "美国",
	"region.uk":              "英国",
	"region.au":              "澳大利亚",
	"region.in":              "印度",
	"region.cn.line":         "12320 卫生健康热线或医生",
	"region.eu.line":         "您的全科医生或家庭医生",
	"region.us.line":         "您的医生或护士咨询热线",
	"region.uk.line":         "NHS 111 或您的全科医生",
	"region.au.line":         "healthdirect（1800 022 222）或您的全科医生",
	"region.in.line":         "您的医生或当地健康咨询热线",
	"settings.region":        "地区",
	"settings.region.label":  "您所在的地区",
	"settings.region.help":   "决定呼叫按钮上的急救电话，以及结果中提到的健康咨询热线。只保存在本设备上。",
	"settings.region.option": "%s（急救 %s）",

	"triage.cannot-tell": "无法判断",

	"emergency.call":          "拨打 %s",
	"emergency.region":        "%s的急救电话。",
	"emergency.region.change": "更改地区",
	"emergency.wait":          "等待救援时",
	"emergency.wait.1":        "陪在患者身边，让其保持静止、舒适。",
	"emergency.wait.2":        "不要给患者吃东西或喝水。",
	"emergency.wait.3":        "打开门锁并开灯，方便救援人员进入。",
	"emergency.wait.4":        "准备好患者正在用的药物、过敏史和病历资料。",
	"emergency.wait.5":        "如果患者停止正常呼吸，在能做到的情况下开始心肺复苏，并听从接线员的指导。",

	"dept.title":      "建议挂号科室",
	"dept.help":       "另一个能读懂中文的模型，给出与您的问题相似的提问通常挂的内科科室。",
	"dept.uncertain":  "模型不确定这两个科室中哪个更合适。",
	"dept.chars":      "影响建议的字：",
	"dept.disclaimer": "这不是诊断，也不是分诊：它只认识 8 个内科科室，对任何问题都会给出其中之一。紧急程度以上面的危险信号检查为准。",

	"symptoms.english_only": "疾病列表来自只能读懂英文的模型，因此无法读取这段中文。下面的危险信号检查和词语标注已读取您的中文。",
	"symptoms.found":        "从您的描述中识别出的内容",
	"symptoms.found.help":   "从您的文字中读取的症状。您说没有的症状会被划掉。",
	"result.stale":          "此结果对应的是修改前的文字。请重新检查以更新结果。",
	"risk.stale":            "此结果对应的是修改前的数值。请重新计算以更新结果。",

	"about.title":                   "关于患者（可选）",
	"about.help":                    "这些回答有助于发现危险信号，例如小婴儿发烧。不想回答的可以不填。",
	"about.any":                     "未填写",
	"about.who":                     "为谁查询",
	"about.who.me":                  "我自己",
	"about.who.other":               "其他人",
	"about.age":                     "年龄",
	"about.age.under-3-months":      "3 个月以下",
	"about.age.3-months-to-4-years": "3 个月至 4 岁",
	"about.age.5-to-15":             "5 至 15 岁",
	"about.age.16-to-64":            "16 至 64 岁",
	"about.age.65-plus":             "65 岁及以上",
	"about.sex":                     "性别",
	"about.sex.female":              "女",
	"about.sex.male":                "男",
	"about.sex.other":               "其他",
	"about.pregnant":                "正在怀孕",
	"about.weeks":                   "孕周（可选）",
	"about.weeks.error":             "请输入 1 到 45 之间的整数周数，或留空。",
	"about.duration":                "持续多久",
	"about.duration.hours":          "数小时",
	"about.duration.days":           "数天",
	"about.duration.weeks":          "数周",
	"about.duration.months":         "数月或更久",
	"about.severity":                "严重程度",
	"about.severity.mild":           "轻微",
	"about.severity.moderate":       "中等",
	"about.severity.severe":         "严重",
	"about.scope":                   "本工具是为未怀孕的成年人设计的。对于儿童或孕妇，它给出的疾病列表可能不适用；危险信号检查仍然有效，医生、助产士或药剂师可以提供建议。",
}

func init() {
	for _, t := range []struct{ into, from map[string]string }{{en, enSafety}, {zh, zhSafety}} {
		for k, v := range t.from {
			if _, dup := t.into[k]; dup {
				panic("ui: translation key " + k + " is defined twice")
			}
			t.into[k] = v
		}
	}
}
