"""Scenario cards and the pre-call brief, as HTML, in the language the call will be held in."""

from __future__ import annotations

from html import escape

from core import locale
from core.languages import Lang
from scenarios.models import Direction, Scenario
from simulator.catalog import Catalog

DIRECTION_LABELS = {Direction.OUTBOUND: "cards.outbound", Direction.INBOUND: "cards.inbound"}

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
watch('cards', () => setTimeout(mark));  // re-rendered in another language: keep the selection shown
mark();
"""


def _text(values: dict[Lang, str], lang: Lang) -> str:
    return escape(values.get(lang) or values.get(Lang.EN) or next(iter(values.values()), ""))


def language_name(lang: Lang) -> str:
    """A language as the language menu lists it: in its own words."""
    return locale.text("language.name", lang)


def difficulty_label(value: str, lang: Lang) -> str:
    """``default`` (as the scenario says), ``easy``, ``medium`` or ``hard``, for the trainee to read."""
    return locale.text(f"difficulty.{value}", lang)


def _card(catalog: Catalog, scenario: Scenario, lang: Lang) -> str:
    persona = catalog.persona(scenario.persona)
    languages = " · ".join(language_name(x) for x in catalog.languages(scenario))
    who = locale.text("cards.persona", lang, name=_text(persona.name, lang), role=_text(persona.role, lang))
    level = scenario.difficulty.value
    return (
        f'<button type="button" class="pc-card" data-id="{escape(scenario.id)}">'
        f'<span class="pc-card-title">{_text(scenario.title, lang)}</span>'
        f'<span class="pc-card-persona">{who}</span>'
        f'<span class="pc-card-tags"><span class="pc-tag pc-{level}">{escape(difficulty_label(level, lang))}</span>'
        f'<span class="pc-tag">{escape(locale.text(DIRECTION_LABELS[scenario.direction], lang))}</span></span>'
        f'<span class="pc-card-objective">{_text(scenario.objective.description, lang)}</span>'
        f'<span class="pc-card-langs">{escape(languages)}</span></button>'
    )


def cards_html(catalog: Catalog, lang: Lang) -> str:
    scenarios = sorted(catalog.scenarios.values(), key=lambda s: (s.difficulty.value != "easy", s.id))
    return f'<div class="pc-cards">{"".join(_card(catalog, s, lang) for s in scenarios)}</div>'


_HOW = {
    (Direction.OUTBOUND, "female"): "cards.how_outbound_female",
    (Direction.OUTBOUND, "male"): "cards.how_outbound_male",
    (Direction.INBOUND, "female"): "cards.how_inbound_female",
    (Direction.INBOUND, "male"): "cards.how_inbound_male",
}


def brief_html(catalog: Catalog, scenario_id: str | None, lang: Lang) -> str:
    if not scenario_id or scenario_id not in catalog.scenarios:
        return f'<div class="pc-brief pc-empty">{escape(locale.text("cards.pick", lang))}</div>'
    scenario = catalog.scenario(scenario_id)
    persona = catalog.persona(scenario.persona)
    brief = scenario.brief
    on_the_line = locale.text("cards.who", lang, name=_text(persona.name, lang), role=_text(persona.role, lang),
                              organisation=_text(persona.organisation, lang))
    rows = [
        ("cards.you_are", _text(brief.you_are, lang)),
        ("cards.goal", _text(brief.goal, lang)),
        ("cards.situation", _text(brief.situation, lang)),
        ("cards.success", _text(scenario.objective.success_signal, lang)),
        ("cards.on_the_line", on_the_line),
    ]
    items = "".join(f"<dt>{escape(locale.text(label, lang))}</dt><dd>{value}</dd>" for label, value in rows)
    how = locale.text("cards.how", lang, how=locale.text(_HOW[scenario.direction, persona.gender], lang),
                      length=locale.text("cards.length", lang, minutes=round(scenario.target_seconds / 60)))
    return (
        # Not the scenario's summary: it is written about "the trainee" for trainers, records and the judge;
        # the brief speaks to the trainee ("you are …").
        f'<div class="pc-brief"><h3>{_text(scenario.title, lang)}</h3>'
        f'<dl>{items}</dl><p class="pc-how">{escape(how)}</p></div>'
    )


def language_choices(catalog: Catalog, scenario_id: str | None) -> list[tuple[str, str]]:
    langs = catalog.languages(catalog.scenario(scenario_id)) if scenario_id in catalog.scenarios else list(Lang)
    return [(language_name(x), x.value) for x in langs]
