// Package domain holds hotlinebot's entities and rules: units, tickets,
// periods, the working-day calendar, the deadline policy and the office's
// scoring method. It does no I/O; time always comes in as an argument.
package domain
