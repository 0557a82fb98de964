"""The staff's page at /staff: the latest evaluation run, behind the password IVIG_STAFF_PASSWORD.

The page is a Blocks of its own, mounted beside the patients' chat on the same server with gradio's
own login (`gr.mount_gradio_app(..., auth=...)`), so nothing of it (components, events, the report)
is in the patients' page at `/`, and `/staff` answers only after a login. With no password set there
is no staff page at all: `/staff` is not a route. User name: "staff" (settings.STAFF_USER).

Against guessing: passwords are compared in constant time, one login attempt is checked at a time,
and a wrong one holds every attempt back settings.STAFF_LOGIN_DELAY_SECONDS (one guess a second).
The report comes inside the page (an iframe's srcdoc) and as a download link holding the page itself
(a data: address), so no file of the run folder is served by any route; see ui/evaluation.py for how
server paths are kept out of both.
"""
from __future__ import annotations

import asyncio
import base64
import hmac
from pathlib import Path

import gradio as gr
from fastapi import FastAPI

import settings
from ui import evaluation

TITLE = "IVIG chat: evaluation (staff)"
LOGIN_MESSAGE = (f"For clinical staff. User name: {settings.STAFF_USER}; the password is the one the operator "
                 f"set in {settings.STAFF_PASSWORD_ENV}.")
DOWNLOAD_NAME = "report.html"


def gate(password: str, delay: float = settings.STAFF_LOGIN_DELAY_SECONDS):
    """The login check gradio calls with (user name, password). A plain async function on purpose:
    gradio awaits the result only when `inspect.iscoroutinefunction` says so."""
    user, secret = settings.STAFF_USER.encode(), password.encode()
    one_at_a_time = asyncio.Lock()

    async def check(username: str, typed: str) -> bool:
        async with one_at_a_time:
            ok = hmac.compare_digest(username.strip().lower().encode(), user)
            ok = hmac.compare_digest(typed.encode(), secret) and ok
            if not ok:
                await asyncio.sleep(delay)
            return ok

    return check


def download_link(page: str | None) -> str:
    """A link that saves `page` as report.html, with the page inside it: nothing to fetch from the server."""
    if not page:
        return ""
    data = base64.b64encode(page.encode("utf-8")).decode("ascii")
    return (f'<a class="ivig-eval-download" download="{DOWNLOAD_NAME}" '
            f'href="data:text/html;charset=utf-8;base64,{data}">Download {DOWNLOAD_NAME}</a>')


def show(run: Path) -> tuple[str, str, str]:
    """The line on the run, the report in its frame, and the download link (empty: nothing to offer)."""
    shown = evaluation.view(run)
    return shown.summary, shown.report, download_link(shown.download)


def build(run: Path) -> gr.Blocks:
    """The staff's page for the run folder `run`, read again on every visit and on "Refresh"."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as page:
        with gr.Row(elem_id="ivig-eval-bar", equal_height=False):
            summary = gr.HTML(evaluation.LOADING, elem_id="ivig-eval-summary")
            refresh = gr.Button("Refresh", size="sm", variant="secondary", elem_id="ivig-eval-refresh")
            download = gr.HTML("", elem_id="ivig-eval-download")
            # gradio's own logout route; all_session=false: the other staff (same user name) stay logged in.
            gr.HTML('<a href="logout?all_session=false">Log out</a>', elem_id="ivig-eval-logout")
        report = gr.HTML("", elem_id="ivig-eval-report")
        reading = dict(concurrency_id="evaluation", concurrency_limit=2, api_visibility="private",
                       show_progress="minimal")
        page.load(lambda: show(run), None, [summary, report, download], **reading)
        refresh.click(lambda: show(run), None, [summary, report, download], **reading)
    return page


def attach(host: FastAPI, password: str | None, run: Path, **page_options) -> bool:
    """Mount the staff page at /staff on the FastAPI app `host`, behind the login; False (nothing
    mounted) when no password is set. `page_options` (theme, css, head) go to gr.mount_gradio_app."""
    if not password:
        return False
    gr.mount_gradio_app(host, build(run), settings.STAFF_PATH, auth=gate(password), auth_message=LOGIN_MESSAGE,
                        footer_links=[], ssr_mode=False, show_error=False, **page_options)
    return True


def mount(password: str | None, run: Path, **page_options) -> dict:
    """What the patients' `demo.launch(app_kwargs=...)` needs to serve the staff page at /staff: its
    route (first, ahead of gradio's own) and its start-up (its queue); {} when no password is set.
    (A server built on a FastAPI app of its own calls attach() on it instead.)"""
    host = FastAPI()
    if not attach(host, password, run, **page_options):
        return {}
    routes = [r for r in host.routes if getattr(r, "path", None) == settings.STAFF_PATH]
    return {"routes": routes, "lifespan": host.router.lifespan_context}


CSS = evaluation.CSS + """
#ivig-eval-download a, #ivig-eval-logout a { display: inline-block; padding: 4px 12px; border-radius: 6px; border: 1px solid #d9dee5;
                        text-decoration: none; font-size: 0.9rem; }
"""
