'use strict';
// Reading back the PDFs the server makes, with Debian's poppler tools (poppler-utils).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

// Runs a poppler tool on a PDF (pdftotext, pdfinfo) and returns what it prints.
function popplerTool(tool, args, buffer) {
  const file = path.join(os.tmpdir(), `takamul-pdf-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, buffer);
  try {
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    fs.unlinkSync(file);
  }
}

// The text of a PDF as pdftotext copies it, without the marks it puts around each run to say its direction
// (U+202A…U+202C), and with the lines of a paragraph joined again at the space where they wrapped.
function pdfText(buffer) {
  return popplerTool('pdftotext', ['-enc', 'UTF-8'], buffer).replace(/[\u202A-\u202C]/g, '').replace(/([^\n])\n(?=[^\n])/g, '$1 ');
}

module.exports = { popplerTool, pdfText };
