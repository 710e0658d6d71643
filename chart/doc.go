// Package chart draws the pictures the bot sends: a unit's trend, the city's
// grade distribution and rankings, and the open overdue tickets per unit, as
// PNG images about 1080 pixels wide with Chinese labels (English ones when no
// CJK font is found). The figures each picture draws are built apart from
// the drawing (Trend, City, Overdue), from domain values only.
package chart
