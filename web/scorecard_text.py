"""UI labels of the feedback view in the four interface languages.

Criterion names, tips, better lines and the Keep / Start / Stop points come from the rubric, already
localised by the scorer; only the view's own words live here. zh-TW is written out rather than
converted so the labels read as Taiwanese usage (程式, 通話記錄).
"""

from __future__ import annotations

from core.languages import Lang, parse_lang

LABELS: dict[Lang, dict[str, str]] = {
    Lang.EN: {
        "title": "How the call went", "total": "Total", "passed": "Passed", "failed": "Not passed",
        "pass_mark": "pass mark {mark}", "tone": "Tone", "structure": "Structure", "etiquette": "Etiquette",
        "blocked": "A must-have was missed, so the call fails whatever the total: {names}",
        "rubric": "Rubric", "prompt": "Judge prompt", "code_only": "code only, no judge",
        "coaching": "Three things to take away",
        "met": "Met", "not_met": "Not met", "n/a": "N/A",
        "by_code": "checked by code", "by_judge": "decided by the AI judge",
        "you_said": "You said", "better": "Try saying", "criteria": "Each point of the rubric",
        "not_applicable": "Not applicable to this call", "play": "Play this moment",
        "you": "You", "persona": "Other side", "transcript": "Transcript",
        "nothing_said": "Nothing was said on this call.",
        "figures": "Call figures", "measure": "Measure", "yours": "Yours", "target": "Target",
        "counted": "counted in the score", "not_counted": "not counted for this call",
        "pace": "Your pace", "target_min": "target (lowest)", "target_max": "target (highest)",
        "words_min": "words/min", "chars_min": "chars/min", "seconds": "seconds",
        "talk_share": "Who talked how long (seconds)", "pace_title": "Your pace over the call",
        "pending": "The AI judge is reviewing the call; its verdicts fill in when it answers.",
        "code_done": "Scored by code (no AI judge configured).",
        "judged": "Final scorecard: code and the AI judge combined.",
        "judge_failed": "The AI judge could not finish ({error}); the verdicts shown are the code's.",
        "unreadable": "This call could not be scored: {error}",
        "estimated": "In a text chat, times are estimated from the length of each line.",
        "recording": "Call recording (you left, the other side right)",
    },
    Lang.ZH_CN: {
        "title": "通话表现", "total": "总分", "passed": "通过", "failed": "未通过",
        "pass_mark": "及格线 {mark}", "tone": "语气", "structure": "结构", "etiquette": "礼仪",
        "blocked": "未做到必须项，无论总分多少本次通话都不通过：{names}",
        "rubric": "评分标准", "prompt": "评审提示词", "code_only": "仅代码评分，未使用评审",
        "coaching": "三点建议",
        "met": "做到", "not_met": "未做到", "n/a": "不适用",
        "by_code": "由代码判定", "by_judge": "由AI评审判定",
        "you_said": "你说的", "better": "可以这样说", "criteria": "各项评分",
        "not_applicable": "本次通话不适用", "play": "播放这一段",
        "you": "你", "persona": "对方", "transcript": "通话记录", "nothing_said": "这通电话里没有人说话。",
        "figures": "通话数据", "measure": "指标", "yours": "你的数值", "target": "目标",
        "counted": "计入评分", "not_counted": "本次通话不计分",
        "pace": "你的语速", "target_min": "目标下限", "target_max": "目标上限",
        "words_min": "词/分钟", "chars_min": "字/分钟", "seconds": "秒",
        "talk_share": "双方说话时长（秒）", "pace_title": "通话中的语速",
        "pending": "AI评审正在审阅这通电话，结果出来后会补充显示。",
        "code_done": "由代码评分（未配置AI评审）。",
        "judged": "最终评分：代码与AI评审的综合结果。",
        "judge_failed": "AI评审未能完成（{error}），以下为代码的判定结果。",
        "unreadable": "无法为这通电话评分：{error}",
        "estimated": "文字对话中的时间是按每句话的长度估算的。",
        "recording": "通话录音（左声道是你，右声道是对方）",
    },
    Lang.ZH_TW: {
        "title": "通話表現", "total": "總分", "passed": "通過", "failed": "未通過",
        "pass_mark": "及格線 {mark}", "tone": "語氣", "structure": "結構", "etiquette": "禮儀",
        "blocked": "未做到必要項目，無論總分多少本次通話都不通過：{names}",
        "rubric": "評分標準", "prompt": "評審提示詞", "code_only": "僅程式評分，未使用評審",
        "coaching": "三點建議",
        "met": "做到", "not_met": "未做到", "n/a": "不適用",
        "by_code": "由程式判定", "by_judge": "由AI評審判定",
        "you_said": "你說的", "better": "可以這樣說", "criteria": "各項評分",
        "not_applicable": "本次通話不適用", "play": "播放這一段",
        "you": "你", "persona": "對方", "transcript": "通話記錄", "nothing_said": "這通電話裡沒有人說話。",
        "figures": "通話數據", "measure": "指標", "yours": "你的數值", "target": "目標",
        "counted": "計入評分", "not_counted": "本次通話不計分",
        "pace": "你的語速", "target_min": "目標下限", "target_max": "目標上限",
        "words_min": "詞/分鐘", "chars_min": "字/分鐘", "seconds": "秒",
        "talk_share": "雙方說話時長（秒）", "pace_title": "通話中的語速",
        "pending": "AI評審正在審閱這通電話，結果出來後會補上。",
        "code_done": "由程式評分（未設定AI評審）。",
        "judged": "最終評分：程式與AI評審的綜合結果。",
        "judge_failed": "AI評審未能完成（{error}），以下為程式的判定結果。",
        "unreadable": "無法為這通電話評分：{error}",
        "estimated": "文字對話中的時間是依每句話的長度估算的。",
        "recording": "通話錄音（左聲道是你，右聲道是對方）",
    },
    Lang.ID: {
        "title": "Hasil panggilan", "total": "Total", "passed": "Lulus", "failed": "Belum lulus",
        "pass_mark": "batas lulus {mark}", "tone": "Nada", "structure": "Struktur", "etiquette": "Etiket",
        "blocked": "Ada syarat wajib yang terlewat, jadi panggilan tidak lulus berapa pun totalnya: {names}",
        "rubric": "Rubrik", "prompt": "Prompt juri", "code_only": "hanya kode, tanpa juri",
        "coaching": "Tiga catatan untuk Anda",
        "met": "Terpenuhi", "not_met": "Belum terpenuhi", "n/a": "Tidak berlaku",
        "by_code": "diperiksa oleh kode", "by_judge": "diputuskan oleh juri AI",
        "you_said": "Anda berkata", "better": "Coba katakan", "criteria": "Setiap poin rubrik",
        "not_applicable": "Tidak berlaku untuk panggilan ini", "play": "Putar bagian ini",
        "you": "Anda", "persona": "Lawan bicara", "transcript": "Transkrip",
        "nothing_said": "Tidak ada yang berbicara dalam panggilan ini.",
        "figures": "Angka panggilan", "measure": "Ukuran", "yours": "Anda", "target": "Target",
        "counted": "dihitung dalam nilai", "not_counted": "tidak dihitung untuk panggilan ini",
        "pace": "Kecepatan Anda", "target_min": "target (terendah)", "target_max": "target (tertinggi)",
        "words_min": "kata/menit", "chars_min": "karakter/menit", "seconds": "detik",
        "talk_share": "Lama bicara (detik)", "pace_title": "Kecepatan bicara selama panggilan",
        "pending": "Juri AI sedang meninjau panggilan; putusannya muncul setelah selesai.",
        "code_done": "Dinilai oleh kode (juri AI tidak diatur).",
        "judged": "Nilai akhir: gabungan kode dan juri AI.",
        "judge_failed": "Juri AI tidak dapat menyelesaikan ({error}); putusan yang tampil berasal dari kode.",
        "unreadable": "Panggilan ini tidak dapat dinilai: {error}",
        "estimated": "Dalam obrolan teks, waktu diperkirakan dari panjang setiap kalimat.",
        "recording": "Rekaman panggilan (Anda kiri, lawan bicara kanan)",
    },
}


def as_lang(lang: Lang | str | None, fallback: Lang = Lang.EN) -> Lang:
    """A UI language from a Lang, a code or alias (``zh`` → zh-CN), or nothing (the fallback)."""
    if isinstance(lang, Lang):
        return lang
    if not lang:
        return fallback
    try:
        return parse_lang(lang)
    except ValueError:
        return fallback


def labels(lang: Lang | str | None) -> dict[str, str]:
    return LABELS[as_lang(lang)]
