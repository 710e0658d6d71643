package fakebot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/go-telegram/bot/models"
)

// checkText validates a text or caption as Telegram does and stores the
// visible text on the call.
func checkText(c *Call, limit int, emptyOK bool) (answer, bool) {
	visible := c.Text
	if strings.EqualFold(c.ParseMode, "HTML") {
		v, err := ParseHTML(c.Text)
		if err != nil {
			return fail(http.StatusBadRequest, "Bad Request: can't parse entities: "+err.Error()), false
		}
		visible = v
	}
	c.Visible = visible
	if strings.TrimSpace(visible) == "" && !emptyOK {
		return fail(http.StatusBadRequest, "Bad Request: message text is empty"), false
	}
	if TextLength(visible) > limit {
		if limit == MaxCaptionLength {
			return fail(http.StatusBadRequest, "Bad Request: message caption is too long"), false
		}
		return fail(http.StatusBadRequest, "Bad Request: message is too long"), false
	}
	return answer{}, true
}

// checkMarkup rejects inline buttons Telegram would refuse.
func checkMarkup(c *Call) (answer, bool) {
	if c.Params["reply_markup"] != "" && c.ReplyMarkup == nil && !c.ForceReply {
		return fail(http.StatusBadRequest, "Bad Request: can't parse reply keyboard markup JSON object"), false
	}
	for _, b := range c.Buttons() {
		if b.Text == "" {
			return fail(http.StatusBadRequest, "Bad Request: BUTTON_TEXT_INVALID"), false
		}
		if b.URL == "" && (b.CallbackData == "" || len(b.CallbackData) > 64) {
			return fail(http.StatusBadRequest, "Bad Request: BUTTON_DATA_INVALID"), false
		}
	}
	return checkActions(c.Params["reply_markup"])
}

// buttonActions are the optional fields of an InlineKeyboardButton of
// which the Bot API says exactly one must be used.
var buttonActions = []string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}

// checkActions refuses a button with no action or more than one, reading
// the markup as sent: a decoded struct would hide a stray copy_text.
func checkActions(raw string) (answer, bool) {
	var m struct {
		InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
	}
	if raw == "" || json.Unmarshal([]byte(raw), &m) != nil {
		return answer{}, true
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			var used []string
			for _, f := range buttonActions {
				if _, ok := b[f]; ok {
					used = append(used, f)
				}
			}
			switch {
			case len(used) == 1:
			case slices.Contains(used, "copy_text"):
				return fail(http.StatusBadRequest, "Bad Request: BUTTON_COPY_TEXT_INVALID"), false
			default:
				return fail(http.StatusBadRequest, "Bad Request: BUTTON_TYPE_INVALID: a button must have exactly one of "+strings.Join(buttonActions, ", ")+"; got "+strings.Join(used, ", ")), false
			}
		}
	}
	return answer{}, true
}

func (s *Server) message(c *Call, id int) models.Message {
	chatType := models.ChatTypePrivate
	if c.ChatID < 0 {
		chatType = models.ChatTypeSupergroup
	}
	bot := s.botUser
	return models.Message{
		ID:          id,
		From:        &bot,
		Date:        int(s.now().Unix()),
		Chat:        models.Chat{ID: c.ChatID, Type: chatType},
		Text:        c.Visible,
		ReplyMarkup: c.ReplyMarkup,
	}
}

func (s *Server) sendMessage(c *Call) answer {
	if c.ChatID == 0 {
		return fail(http.StatusBadRequest, "Bad Request: chat not found")
	}
	if a, good := checkText(c, MaxMessageLength, false); !good {
		return a
	}
	if a, good := checkMarkup(c); !good {
		return a
	}
	s.mu.Lock()
	s.nextMsg++
	id := s.nextMsg
	s.messages[messageKey{c.ChatID, id}] = storedMessage{c.Text, c.Params["reply_markup"]}
	s.mu.Unlock()
	c.MessageID = id
	return ok(s.message(c, id))
}

func (s *Server) editMessageText(c *Call) answer {
	if a, good := checkText(c, MaxMessageLength, false); !good {
		return a
	}
	if a, good := checkMarkup(c); !good {
		return a
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := messageKey{c.ChatID, c.MessageID}
	old, found := s.messages[key]
	if !found {
		return fail(http.StatusBadRequest, "Bad Request: message to edit not found")
	}
	if old.text == c.Text && sameMarkup(old.markup, c.Params["reply_markup"]) {
		return fail(http.StatusBadRequest, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	s.messages[key] = storedMessage{c.Text, c.Params["reply_markup"]}
	return ok(s.message(c, c.MessageID))
}

func sameMarkup(a, b string) bool {
	var x, y any
	_ = json.Unmarshal([]byte(a), &x)
	_ = json.Unmarshal([]byte(b), &y)
	xa, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xa) == string(yb)
}

// sendDocument takes a file uploaded in the field "document" with a caption
// within its limit.
func (s *Server) sendDocument(c *Call) answer {
	doc, refused, good := upload(c, "document")
	if !good {
		return refused
	}
	if a, good := checkText(c, MaxCaptionLength, true); !good {
		return a
	}
	m := s.captioned(c)
	m.Document = &models.Document{FileID: fmt.Sprintf("document-%d", m.ID), FileUniqueID: fmt.Sprintf("u%d", m.ID),
		FileName: doc.Filename, FileSize: int64(len(doc.Data))}
	return ok(m)
}

// upload is the file uploaded in field, or Telegram's refusal when the chat
// or the file is missing.
func upload(c *Call, field string) (*Document, answer, bool) {
	if c.ChatID == 0 {
		return nil, fail(http.StatusBadRequest, "Bad Request: chat not found"), false
	}
	var doc *Document
	for i := range c.Documents {
		if c.Documents[i].Field == field {
			doc = &c.Documents[i]
		}
	}
	if doc == nil || len(doc.Data) == 0 {
		return nil, fail(http.StatusBadRequest, "Bad Request: there is no "+field+" in the request"), false
	}
	return doc, answer{}, true
}

// captioned is a new message of the bot's carrying c's caption, as a sent
// file's message is.
func (s *Server) captioned(c *Call) *models.Message {
	s.mu.Lock()
	s.nextMsg++
	id := s.nextMsg
	s.mu.Unlock()
	c.MessageID = id
	m := s.message(c, id)
	m.Text = ""
	m.Caption = c.Visible
	return &m
}

func (s *Server) answerCallbackQuery(c *Call) answer {
	if c.Params["callback_query_id"] == "" {
		return fail(http.StatusBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid")
	}
	if len([]rune(c.Params["text"])) > 200 {
		return fail(http.StatusBadRequest, "Bad Request: MESSAGE_TOO_LONG")
	}
	return ok(true)
}

// scopeKey names a BotCommandScope as Commands expects it.
func scopeKey(raw string) (string, error) {
	if raw == "" {
		return "default", nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", err
	}
	if sc.Type == "chat" {
		return "chat:" + strings.Trim(string(sc.ChatID), `"`), nil
	}
	return sc.Type, nil
}

func (s *Server) setMyCommands(c *Call) answer {
	var cmds []models.BotCommand
	if err := json.Unmarshal([]byte(c.Params["commands"]), &cmds); err != nil {
		return fail(http.StatusBadRequest, "Bad Request: can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return fail(http.StatusBadRequest, "Bad Request: too many commands")
	}
	for _, cmd := range cmds {
		if cmd.Command == "" || len(cmd.Command) > 32 || cmd.Command != strings.ToLower(cmd.Command) || cmd.Description == "" {
			return fail(http.StatusBadRequest, "Bad Request: BOT_COMMAND_INVALID")
		}
	}
	scope, err := scopeKey(c.Params["scope"])
	if err != nil {
		return fail(http.StatusBadRequest, "Bad Request: can't parse BotCommandScope JSON object")
	}
	s.mu.Lock()
	s.commands[scope+"|"+c.Params["language_code"]] = cmds
	s.mu.Unlock()
	return ok(true)
}

func (s *Server) deleteMyCommands(c *Call) answer {
	scope, err := scopeKey(c.Params["scope"])
	if err != nil {
		return fail(http.StatusBadRequest, "Bad Request: can't parse BotCommandScope JSON object")
	}
	s.mu.Lock()
	delete(s.commands, scope+"|"+c.Params["language_code"])
	s.mu.Unlock()
	return ok(true)
}

func (s *Server) getMyCommands(c *Call) answer {
	scope, err := scopeKey(c.Params["scope"])
	if err != nil {
		return fail(http.StatusBadRequest, "Bad Request: can't parse BotCommandScope JSON object")
	}
	cmds := s.Commands(scope, c.Params["language_code"])
	if cmds == nil {
		cmds = []models.BotCommand{}
	}
	return ok(cmds)
}

func (s *Server) setWebhook(c *Call) answer {
	u := c.Params["url"]
	if u != "" && !strings.HasPrefix(u, "https://") {
		return fail(http.StatusBadRequest, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
	}
	s.mu.Lock()
	s.webhook = webhookState{url: u, secret: c.Params["secret_token"]}
	s.mu.Unlock()
	return ok(true)
}

func (s *Server) deleteWebhook(c *Call) answer {
	s.mu.Lock()
	s.webhook = webhookState{}
	if c.Params["drop_pending_updates"] == "true" {
		s.queue.items = nil
	}
	s.mu.Unlock()
	return ok(true)
}

func (s *Server) getWebhookInfo() answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(models.WebhookInfo{URL: s.webhook.url, PendingUpdateCount: len(s.queue.items)})
}

// Webhook is the URL and secret token last set with setWebhook.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook.url, s.webhook.secret
}
