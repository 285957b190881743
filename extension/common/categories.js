// The purposes, in the order pages show them (DESIGN §4).
export const CATEGORIES = ["necessary", "functional", "preferences", "statistics", "marketing",
                           "unclassified"];
