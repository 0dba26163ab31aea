from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Choose the file",
        error_messages={
            "required": "Choose a file to send",
            "empty": "The file is empty: choose the right file",
        },
    )
