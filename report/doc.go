// Package report renders a period's evaluation table (domain.Report) the ways
// the office reads it: a terminal table, CSV and XLSX for Excel, and the JSON
// the HTTP API and the office's scripts consume.
package report
