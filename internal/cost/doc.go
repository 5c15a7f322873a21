// Package cost estimates a stack's monthly AWS bill from the offline run's inventory: every
// AWS resource the program declares is either priced by a rule (rules_*.go: the quantity
// from its inputs, the price from catalog's dated table in its region) or listed as free with
// the reason (free.go). A type in neither, or a region or class the table lacks, fails the
// estimate: nothing is priced at 0 silently. Usage the program does not declare (requests,
// data out, logs, storage growth) comes from internal/usage.
//
// Estimate carries the bill as configured (on-demand, Spot where the stack runs tasks on
// Spot), the bill with the requirements' levers applied (Reserved: 1-year reservations for
// every RDS instance and cache node; Spot: every worker task on Fargate Spot), the totals per
// tier, every priced line, and the budget check against saleor:monthlyBudgetUsd. Text and
// Markdown render it for the plan's text output and its PR comment.
package cost
