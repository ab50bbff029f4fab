"""The trainee's screen (Gradio) and its parts."""
