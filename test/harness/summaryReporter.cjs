// Mocha's CLI loads reporters with require(); this hands it the TypeScript class (tsx is already registered).
module.exports = require('./summaryReporter.ts').SummaryReporter;
