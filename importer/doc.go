// Package importer reads the office's ticket and unit files (CSV in UTF-8,
// UTF-8 with BOM, GB18030 or UTF-16, and XLSX) and loads them into the
// store. ParseTicket is the one validation path for a ticket, shared by file
// import and the HTTP API.
//
// Files are streamed: a Rows cursor yields one data row at a time with the
// file's own line numbers (the header is line 1 when it is the first row),
// and ImportTickets upserts in batches, so memory does not grow with the
// file. The same ticket number twice in one file: the later row wins.
package importer
