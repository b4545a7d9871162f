package resolvers

// ruleDates is the name of the validation rule that checks Date literals.
const ruleDates = "ValidDates"
