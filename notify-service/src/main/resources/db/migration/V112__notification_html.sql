-- An email alert's HTML version (Qute, templates/AlertMessages/); the text in `message` stays for every channel.
ALTER TABLE notification ADD COLUMN message_html text;
