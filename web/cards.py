"""Scenario cards and the pre-call brief, as HTML, in the language the call will be held in."""

from __future__ import annotations

from html import escape

from core.languages import Lang
from scenarios.models import Direction, Scenario
from simulator.catalog import Catalog

LANG_LABELS = {Lang.EN: "English", Lang.ZH_CN: "中文（简体）", Lang.ZH_TW: "中文（繁體）", Lang.ID: "Bahasa Indonesia"}
DIRECTION_LABELS = {Direction.OUTBOUND: "You call them", Direction.INBOUND: "They call you"}

# Clicking a card selects it: the id becomes this component's value and the screen reacts to "input".
CARDS_JS = """
const mark = () => element.querySelectorAll('.pc-card').forEach(
  c => c.classList.toggle('pc-selected', c.dataset.id === props.value));
element.addEventListener('click', (ev) => {
  const card = ev.target.closest('.pc-card');
  if (!card || card.dataset.id === props.value) return;
  props.value = card.dataset.id;
  mark();
  trigger('input');
});
watch('value', mark);
mark();
"""


def _text(values: dict[Lang, str], lang: Lang) -> str:
    return escape(values.get(lang) or values.get(Lang.EN) or next(iter(values.values()), ""))


def _card(catalog: Catalog, scenario: Scenario, lang: Lang) -> str:
    persona = catalog.persona(scenario.persona)
    languages = " · ".join(LANG_LABELS[x] for x in catalog.languages(scenario))
    return (
        f'<button type="button" class="pc-card" data-id="{escape(scenario.id)}">'
        f'<span class="pc-card-title">{_text(scenario.title, lang)}</span>'
        f'<span class="pc-card-persona">{_text(persona.name, lang)} — {_text(persona.role, lang)}</span>'
        f'<span class="pc-card-tags"><span class="pc-tag pc-{scenario.difficulty.value}">'
        f"{scenario.difficulty.value}</span><span class=\"pc-tag\">{DIRECTION_LABELS[scenario.direction]}</span>"
        f"</span>"
        f'<span class="pc-card-objective">{_text(scenario.objective.description, lang)}</span>'
        f'<span class="pc-card-langs">{escape(languages)}</span></button>'
    )


def cards_html(catalog: Catalog, lang: Lang) -> str:
    scenarios = sorted(catalog.scenarios.values(), key=lambda s: (s.difficulty.value != "easy", s.id))
    return f'<div class="pc-cards">{"".join(_card(catalog, s, lang) for s in scenarios)}</div>'


def brief_html(catalog: Catalog, scenario_id: str | None, lang: Lang) -> str:
    if not scenario_id or scenario_id not in catalog.scenarios:
        return '<div class="pc-brief pc-empty">Pick a call to see your brief.</div>'
    scenario = catalog.scenario(scenario_id)
    persona = catalog.persona(scenario.persona)
    brief = scenario.brief
    rows = [
        ("You are", _text(brief.you_are, lang)),
        ("Your goal", _text(brief.goal, lang)),
        ("What you know", _text(brief.situation, lang)),
        ("Success looks like", _text(scenario.objective.success_signal, lang)),
        ("On the line", f"{_text(persona.name, lang)}, {_text(persona.role, lang)}, "
                        f"{_text(persona.organisation, lang)}"),
    ]
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    who = "She" if persona.gender == "female" else "He"
    how = (f"You place the call: {who.lower()} answers after a ring or two." if scenario.direction is Direction.OUTBOUND
           else f"{who} calls you: press Answer when your phone rings, then speak first.")
    return (
        f'<div class="pc-brief"><h3>{_text(scenario.title, lang)}</h3><p>{_text(scenario.summary, lang)}</p>'
        f'<dl>{items}</dl><p class="pc-how">{how} Target length: about '
        f"{round(scenario.target_seconds / 60)} min.</p></div>"
    )


def language_choices(catalog: Catalog, scenario_id: str | None) -> list[tuple[str, str]]:
    langs = catalog.languages(catalog.scenario(scenario_id)) if scenario_id in catalog.scenarios else list(Lang)
    return [(LANG_LABELS[x], x.value) for x in langs]
