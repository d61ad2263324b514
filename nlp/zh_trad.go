package nlp

import (
	"strings"
	"sync"
)

// zhTradPairs folds Traditional characters to the Simplified ones the
// Chinese lexicons are written in, so that "頭痛", "發燒" and "否認胸悶"
// meet "头痛", "发烧" and "否认胸闷". Each pair is Traditional then
// Simplified, one rune to one rune, so a folded unit keeps the offsets of
// the text as typed. The table holds only the Traditional forms of the
// characters that appear in the zh_*.tsv lexicons (TestZhTradFold checks
// that no lexicon character is folded away): a note is matched against
// those characters and no others, so a complete converter would add size,
// not matches. Derived from OpenCC's STCharacters and TSCharacters tables
// (Apache-2.0): for each lexicon character, its Traditional forms whose
// own Simplified form it is.
const zhTradPairs = "" +
	"並并 乾干 亂乱 佔占 併并 來来 侷局 係系 個个 側侧 偽伪 傢家 傳传 傷伤 傾倾 僅仅 僞伪 償偿 兒儿 內内 " +
	"則则 剋克 創创 劃划 劍剑 勁劲 動动 勞劳 區区 卻却 厲厉 唸念 喎㖞 喪丧 喫吃 單单 嘔呕 噁恶 噯嗳 噴喷 " +
	"嚥咽 嚨咙 嚮向 囉啰 囑嘱 圍围 圖图 團团 塊块 墜坠 壓压 夠够 夢梦 夾夹 媽妈 孫孙 學学 宮宫 寀采 實实 " +
	"寶宝 專专 導导 層层 屬属 帶带 幹干 幾几 張张 強强 彈弹 彌弥 後后 從从 復复 徵征 悶闷 惡恶 愛爱 態态 " +
	"慮虑 慼戚 慾欲 憶忆 應应 懞蒙 懷怀 戰战 捲卷 採采 損损 摺折 撲扑 擔担 據据 擬拟 擴扩 攜携 敗败 數数 " +
	"斷断 於于 昇升 時时 暈晕 暢畅 暫暂 曏向 會会 朮术 東东 構构 標标 樣样 橋桥 檢检 殭僵 殺杀 氣气 沒没 " +
	"況况 淺浅 減减 渾浑 溝沟 溫温 溼湿 滯滞 滿满 潤润 潰溃 濁浊 濕湿 濛蒙 濟济 濫滥 瀉泻 瀦潴 瀰弥 灕漓 " +
	"為为 無无 煙烟 煩烦 熱热 燒烧 爲为 爺爷 爾尔 狀状 狹狭 獲获 現现 異异 痠酸 瘍疡 瘓痪 瘡疮 療疗 癇痫 " +
	"癒愈 癡痴 癢痒 癥症 癬癣 癱瘫 癲癫 發发 皰疱 盜盗 盤盘 睏困 瞼睑 矇蒙 礙碍 祕秘 禍祸 稱称 積积 穩稳 " +
	"穫获 窩窝 竇窦 竈灶 箇个 節节 簽签 籤签 糰团 紅红 納纳 級级 細细 紺绀 終终 組组 結结 絞绞 統统 絲丝 " +
	"經经 綜综 維维 網网 緊紧 緒绪 緩缓 縮缩 織织 繫系 續续 纏缠 羅罗 聞闻 聽听 聾聋 脈脉 脣唇 脩修 脫脱 " +
	"脹胀 腎肾 腦脑 腫肿 腳脚 腸肠 膚肤 膽胆 膿脓 臉脸 臍脐 臟脏 臥卧 舊旧 艱艰 菸烟 萬万 葉叶 葯药 蒼苍 " +
	"蓋盖 蕁荨 藥药 處处 虛虚 術术 衕同 衚胡 裏里 裡里 製制 複复 覈核 見见 規规 視视 親亲 覺觉 觀观 觸触 " +
	"計计 記记 訪访 訴诉 診诊 註注 評评 話话 詳详 誌志 認认 誘诱 語语 說说 説说 調调 講讲 謝谢 謹谨 識识 " +
	"譫谵 變变 貧贫 費费 質质 賴赖 車车 軟软 輔辅 輕轻 輸输 轉转 辦办 迴回 週周 進进 過过 遠远 適适 遲迟 " +
	"遺遗 鄰邻 醫医 針针 鈉钠 鈍钝 鈣钙 鉀钾 銀银 錯错 錶表 鍼针 鎂镁 鎌镰 鏇旋 鏡镜 鐮镰 鐵铁 長长 門门 " +
	"閉闭 間间 閤合 闆板 闇暗 闌阑 關关 陣阵 陰阴 陳陈 陽阳 隨随 隱隐 隻只 雙双 雜杂 難难 靜静 鞏巩 項项 " +
	"預预 頭头 頸颈 頻频 顏颜 類类 顧顾 顫颤 顯显 顱颅 風风 飯饭 飲饮 飽饱 馬马 驗验 驚惊 驟骤 髒脏 體体 " +
	"髖髋 髮发 鬆松 鬍胡 鬱郁 鮮鲜 鱗鳞 鳴鸣 鹼碱 麪面 麵面 黃黄 點点 齊齐 齒齿 齡龄 齣出 齦龈 龍龙 "

var zhTradFold = sync.OnceValue(func() map[rune]rune {
	m := map[rune]rune{}
	for _, p := range strings.Fields(zhTradPairs) {
		r := []rune(p)
		m[r[0]] = r[1]
	}
	return m
})

// foldTrad returns the Simplified form of a Traditional character of the
// lexicons, and any other rune as it is.
func foldTrad(r rune) rune {
	if r < 0x3400 {
		return r
	}
	if s, ok := zhTradFold()[r]; ok {
		return s
	}
	return r
}
