"""The trainee's screen (Gradio): pick a call, read the brief, call (or chat), then see how it went."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from core import locale
from core.languages import Lang
from personas.models import Difficulty
from scoring.judge import Judge
from simulator.live_calls import CallRegistry
from web.auth import Gate
from web.cards import CARDS_JS, brief_html, cards_html, difficulty_label, language_choices
from web.chat import TextChats
from web.history import SUGGESTIONS, History
from web.phone import PHONE_JS, idle_html
from web.progress_view import scenario_choices
from web.scorecard_panel import feedback_blocks
from web.team import TeamReview
from web.voice_calls import VoiceCalls

CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
DIFFICULTY_VALUES = ["default", *(d.value for d in Difficulty)]
# After hang-up the feedback (full width, below the cards) is brought into view.
SCROLL_TO_RESULT = "() => document.getElementById('pc-result')?.scrollIntoView({block: 'start'})"


def difficulties(lang: Lang) -> list[tuple[str, str]]:
    return [(difficulty_label(value, lang), value) for value in DIFFICULTY_VALUES]


def header_html(lang: Lang, signed_in: str | None = None) -> str:
    """The title, and who is signed in with links to change the password and sign out (when sign-in is on)."""
    account = ""
    if signed_in:
        words = {key: escape(locale.text(f"auth.{key}", lang, name=signed_in))
                 for key in ("signed_in", "change_password", "sign_out")}
        account = (f'<p class="pc-account">{words["signed_in"]} · <a href="/account/password?lang={lang.value}">'
                   f'{words["change_password"]}</a> · <a id="pc-sign-out" href="/logout?lang={lang.value}">'
                   f'{words["sign_out"]}</a></p>')
    return (f'<div class="pc-header"><h1>PhoneCoach</h1><p>{escape(locale.text("screen.tagline", lang))}</p>'
            f"{account}</div>")


def build_screen(registry: CallRegistry, gate: Gate, judge: Judge | None = None) -> gr.Blocks:
    voice = VoiceCalls(registry, owner=gate.named)
    chats = TextChats(registry, owner=gate.named)
    history = History(registry, owner=gate.named)
    team = TeamReview(registry, gate.accounts.store, owner=gate.named)
    catalog = registry.catalog

    async def client_error(session_id: str, kind: str, detail: str) -> str:
        """phone.js reports a microphone or WebRTC failure (a plain function: Gradio marks it)."""
        return await voice.client_error(session_id, kind, detail)

    with gr.Blocks(title="PhoneCoach") as demo:
        session_id = gr.State("")
        chat_id = gr.State("")
        muted = gr.State(False)
        ui = Lang.EN  # the screen's first language; it follows the language picked for the call
        header = gr.HTML(header_html(ui), js_on_load=None)
        with gr.Tabs(selected="practise") as tabs:
            with gr.Tab(locale.text("progress.tab_practise", ui), id="practise") as practise_tab:
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        cards = gr.HTML("", html_template="${cards}", cards=cards_html(catalog, ui),
                                        js_on_load=CARDS_JS, elem_id="pc-cards")
                    with gr.Column(scale=2, elem_classes=["pc-side"]):
                        brief = gr.HTML(brief_html(catalog, None, ui), js_on_load=None)
                        with gr.Row():
                            lang = gr.Dropdown(language_choices(catalog, None), value=ui.value,
                                               label=locale.text("screen.language", ui))
                            difficulty = gr.Dropdown(difficulties(ui), value="default",
                                                     label=locale.text("screen.difficulty", ui))
                        with gr.Row():
                            call_btn = gr.Button(locale.text("screen.call", ui), variant="primary", elem_id="pc-call")
                            chat_btn = gr.Button(locale.text("screen.text_chat", ui), elem_id="pc-chat")
                        with gr.Group(visible=False) as call_box:
                            phone = gr.HTML(idle_html(), js_on_load=PHONE_JS, server_functions=[client_error],
                                            elem_id="pc-phone")
                            with gr.Row() as controls:
                                answer_btn = gr.Button(locale.text("screen.answer", ui), variant="primary",
                                                       visible=False, elem_id="pc-answer")
                                mute_btn = gr.Button(locale.text("screen.mute", ui), elem_id="pc-mute")
                                hang_btn = gr.Button(locale.text("screen.hang_up", ui), variant="stop",
                                                     elem_id="pc-hangup")
                            live = gr.Chatbot(label=locale.text("screen.live_transcript", ui), visible=False,
                                              height=260, elem_id="pc-live")
                        with gr.Group(visible=False) as chat_box:
                            chatbot = gr.Chatbot(label=locale.text("screen.text_chat", ui), height=320,
                                                 elem_id="pc-chatbot")
                            with gr.Row():
                                text = gr.Textbox(placeholder=locale.text("screen.type_here", ui), show_label=False,
                                                  scale=4, elem_id="pc-text")
                                send_btn = gr.Button(locale.text("screen.send", ui), scale=1, elem_id="pc-send")
                            end_btn = gr.Button(locale.text("screen.end_chat", ui), variant="stop",
                                                elem_id="pc-end-chat")
                        trainer_label = locale.text("screen.trainer_settings", ui)
                        with gr.Accordion(trainer_label, open=False, visible=True) as trainer_box:
                            show_live = gr.Checkbox(registry.voice_settings.live_transcript,
                                                    label=locale.text("screen.show_live", ui), elem_id="pc-live-opt")
                with gr.Group(visible=False, elem_id="pc-result") as result_box:  # the page's full width
                    feedback = gr.HTML("", js_on_load=None, elem_id="pc-feedback")
                    # Path of the finished call's record: setting it starts the scorecard (code part
                    # at once, the judge's verdicts when they arrive).
                    finished = gr.Textbox(visible=False, elem_id="pc-finished")
                    scorecard = feedback_blocks(
                        judge=judge, keep=lambda card: registry.store.save_scorecard(card.model_dump(mode="json")))
            with gr.Tab(locale.text("progress.tab_calls", ui), id="calls", elem_id="pc-tab-calls") as calls_tab:
                calls_filter = gr.Dropdown(scenario_choices(catalog, ui), value="",
                                           label=locale.text("progress.scenario", ui), elem_id="pc-calls-filter")
                calls_note = gr.HTML("", elem_id="pc-calls-note")
                calls_grid = gr.Dataframe(interactive=False, visible=False, elem_id="pc-my-calls")
                call_ids = gr.State([])
                opened = gr.Textbox(visible=False, elem_id="pc-opened")
                past_comments = gr.HTML("", elem_id="pc-past-comments")
                past = feedback_blocks(prefix="pc-past", stored=registry.store.scorecard)
            progress_label = locale.text("progress.tab_progress", ui)
            with gr.Tab(progress_label, id="progress", elem_id="pc-tab-progress") as progress_tab:
                progress_summary = gr.HTML("", elem_id="pc-progress-summary")
                next_box = gr.HTML("", elem_id="pc-next")
                with gr.Row():
                    next_buttons = [gr.Button(visible=False, elem_id=f"pc-next-{i}") for i in range(SUGGESTIONS)]
                picks = gr.State([])
                over_plot = gr.LinePlot(None, x="call", y="score", color="series", visible=False,
                                        elem_id="pc-progress-plot")
                scenario_grid = gr.Dataframe(interactive=False, visible=False, elem_id="pc-progress-scenarios")
                criteria_grid = gr.Dataframe(interactive=False, visible=False, elem_id="pc-progress-criteria")
            with gr.Tab(locale.text("team.tab", ui), id="team", visible=False, elem_id="pc-tab-team") as team_tab:
                team_pick = gr.Dropdown([], label=locale.text("team.tab", ui), elem_id="pc-team-pick")
                team_note = gr.HTML("", elem_id="pc-team-note")
                members_grid = gr.Dataframe(interactive=False, visible=False, elem_id="pc-team-members")
                heat = gr.HTML("", elem_id="pc-team-heatmap")
                team_calls = gr.Dataframe(interactive=False, visible=False, elem_id="pc-team-calls")
                team_ids = gr.State([])
                team_opened = gr.Textbox(visible=False, elem_id="pc-team-opened")
                state_plot = gr.LinePlot(None, x="turn", y="value", color="series", visible=False,
                                         title=locale.text("team.state_title", ui), elem_id="pc-team-state")
                team_panel = feedback_blocks(prefix="pc-team", stored=registry.store.scorecard)
                team_call = gr.State("")
                team_comments = gr.HTML("", elem_id="pc-team-comments")
                with gr.Row():
                    comment_at = gr.Number(0, label=locale.text("team.comment_at", ui), minimum=0,
                                           elem_id="pc-comment-at")
                    comment_text = gr.Textbox(label=locale.text("team.comment", ui), scale=3, elem_id="pc-comment")
                    comment_btn = gr.Button(locale.text("team.post", ui), elem_id="pc-comment-post")
        timer = gr.Timer(0.5, active=False)

        def pick(scenario_id: str, lang_value: str) -> tuple[Any, ...]:
            choices = language_choices(catalog, scenario_id)
            values = [v for _, v in choices]
            chosen = lang_value if lang_value in values else values[0]
            return brief_html(catalog, scenario_id, Lang(chosen)), gr.update(choices=choices, value=chosen)

        def signed_in(request: gr.Request | None) -> str | None:
            return None if gate.accounts.single_user or request is None else request.username

        def relang(scenario_id: str, lang_value: str, is_muted: bool, request: gr.Request) -> tuple[Any, ...]:
            """The cards, the brief and the screen's own words follow the language picked for the call."""
            ui = Lang(lang_value)
            return (
                gr.update(cards=cards_html(catalog, ui)),
                brief_html(catalog, scenario_id, ui), header_html(ui, signed_in(request)),
                gr.update(label=locale.text("screen.language", ui)),
                gr.update(label=locale.text("screen.difficulty", ui), choices=difficulties(ui)),
                gr.update(value=locale.text("screen.call", ui)), gr.update(value=locale.text("screen.text_chat", ui)),
                gr.update(value=locale.text("screen.answer", ui)),
                gr.update(value=locale.text("screen.unmute" if is_muted else "screen.mute", ui)),
                gr.update(value=locale.text("screen.hang_up", ui)),
                gr.update(label=locale.text("screen.live_transcript", ui)),
                gr.update(label=locale.text("screen.text_chat", ui)),
                gr.update(placeholder=locale.text("screen.type_here", ui)),
                gr.update(value=locale.text("screen.send", ui)), gr.update(value=locale.text("screen.end_chat", ui)),
                gr.update(label=locale.text("screen.trainer_settings", ui)),
                gr.update(label=locale.text("screen.show_live", ui)),
                *(gr.update(label=locale.text(key, ui))
                  for key in ("progress.tab_practise", "progress.tab_calls", "progress.tab_progress", "team.tab")),
            )

        def roles(request: gr.Request) -> tuple[Any, ...]:
            return (gr.update(visible=gate.may_author(request.username if request else None)),
                    header_html(ui, signed_in(request)))

        cards.input(pick, [cards, lang], [brief, lang])
        lang.change(relang, [cards, lang, muted],
                    [cards, brief, header, lang, difficulty, call_btn, chat_btn, answer_btn, mute_btn, hang_btn, live,
                     chatbot, text, send_btn, end_btn, trainer_box, show_live, practise_tab, calls_tab, progress_tab,
                     team_tab])
        demo.load(roles, None, [trainer_box, header]).then(team.choices, lang, [team_tab, team_pick, team_note])
        team_out = [members_grid, heat, team_calls, team_ids]
        team_pick.change(team.show, [team_pick, lang], team_out)
        team_tab.select(team.show, [team_pick, lang], team_out)
        team_calls.select(team.open, team_ids, [team_opened, state_plot, team_call, team_comments])
        comment_btn.click(team.post, [team_call, comment_at, comment_text, lang], [comment_text, team_comments])
        team_opened.change(team_panel.show_feedback, [team_opened, lang], team_panel.outputs)

        call_btn.click(voice.place, [cards, lang, difficulty],
                       [session_id, muted, phone, call_box, result_box, timer, call_btn, chat_btn, answer_btn,
                        mute_btn, controls]).then(lambda: gr.update(visible=False), None, chat_box)
        answer_btn.click(voice.answer, session_id, answer_btn, show_progress="hidden")
        mute_btn.click(voice.mute, [session_id, muted], [muted, phone, mute_btn], show_progress="hidden")
        hang_btn.click(voice.hang_up, session_id, None, show_progress="hidden")
        timer.tick(voice.poll, [session_id, muted, show_live],
                   [phone, live, feedback, finished, result_box, timer, call_btn, chat_btn, controls],
                   show_progress="hidden")

        chat_outputs = [chatbot, text, send_btn, feedback, finished, result_box, call_btn, chat_btn]
        chat_btn.click(chats.start, [cards, lang, difficulty],
                       [chat_id, chat_box, result_box, call_btn, chat_btn, chatbot, text, send_btn]).then(
            lambda: gr.update(visible=False), None, call_box)
        text.submit(chats.send, [text, chatbot, chat_id, lang], chat_outputs)
        send_btn.click(chats.send, [text, chatbot, chat_id, lang], chat_outputs)
        end_btn.click(chats.end, [chatbot, chat_id, lang], chat_outputs)
        finished.change(scorecard.show_feedback, [finished, lang], scorecard.outputs).then(
            None, js=SCROLL_TO_RESULT)

        history_out = [calls_grid, call_ids, calls_filter, calls_note]
        calls_tab.select(history.calls, [calls_filter, lang], history_out)
        calls_filter.change(history.calls, [calls_filter, lang], history_out)
        calls_grid.select(history.open, [call_ids, lang], [opened, past_comments])
        opened.change(past.show_feedback, [opened, lang], past.outputs)
        progress_out = [progress_summary, over_plot, scenario_grid, criteria_grid, next_box, picks, *next_buttons]
        progress_tab.select(history.progress, lang, progress_out)
        for index, button in enumerate(next_buttons):
            button.click(lambda chosen, i=index: history.choose(chosen, i), picks, [cards, difficulty, tabs]).then(
                pick, [cards, lang], [brief, lang]).then(
                chats.start, [cards, lang, difficulty],
                [chat_id, chat_box, result_box, call_btn, chat_btn, chatbot, text, send_btn]).then(
                lambda: gr.update(visible=False), None, call_box)
    return demo
