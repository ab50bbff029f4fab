"""The web layer: the Gradio screens, sign-in and the routes the browser talks to."""
