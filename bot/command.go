package bot

import (
	"regexp"
	"strings"
)

// command is a bot command found in a message: its name (lower case) and
// the text after it.
type command struct {
	name string
	args string
}

// commandRe finds a command at the start of the text or after whitespace,
// optionally addressed as /cmd@BotName, ending at whitespace or the end.
var commandRe = regexp.MustCompile(`(?:^|[\s\x{3000}])/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:[\s\x{3000}]|$)`)

// parseCommand finds the first command in text. It reads the text itself
// rather than Telegram's entities, whose offsets count UTF-16 units, so a
// command after Chinese text or with @BotName is found too. A command
// addressed to another bot is not ours; when the bot's own name is not
// known yet, any address is taken.
func parseCommand(text, botName string) (command, bool) {
	m := commandRe.FindStringSubmatchIndex(text)
	if m == nil {
		return command{}, false
	}
	name := strings.ToLower(text[m[2]:m[3]])
	if m[4] >= 0 && botName != "" && !strings.EqualFold(text[m[4]:m[5]], botName) {
		return command{}, false
	}
	end := m[3]
	if m[4] >= 0 {
		end = m[5]
	}
	return command{name: name, args: strings.TrimSpace(text[end:])}, true
}
