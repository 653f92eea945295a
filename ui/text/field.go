package text

// Field returns what a valid value of the settings screen's field looks like, shown next
// to the field when what was typed cannot be used. name is the setting's name in the
// config file (config.KeyClientID and its neighbours).
func Field(name string) string {
	switch name {
	case "client_id":
		return "Paste the Client ID from your Zoom app's App Credentials page."
	case "client_secret":
		return "A client secret belongs to a Client ID: paste the Client ID too."
	case "zoom_url":
		return "Enter an https:// address, such as https://zoom.example.com."
	case "redirect_ports":
		return "Enter port numbers from 1024 to 65535, separated by commas."
	case "notify_minutes":
		return "Enter a number of minutes from 0 (no notifications) to 1440."
	case "reminder_minutes":
		return "Enter a number of minutes from 0 (at the start time) to 1440."
	}
	return "This value cannot be used."
}
