//! `ichiba demo`: an interactive terminal demo of the suggestion bar.
//!
//! Type (kana from the terminal's input method, romaji, katakana, Latin…) and the table
//! under the input line shows the engine's suggestions for the word before the cursor on
//! every keystroke, with their kind, score and the span they replace. Tab/↓ and Shift-Tab/↑
//! move the highlight, Enter replaces the span with the highlighted suggestion, Alt+1…9
//! picks one directly, ←/→/Home/End move the cursor, F2 cycles the field, Esc quits.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use ichiba::{Engine, Field, Request, Suggestion};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};
use ratatui::{DefaultTerminal, Frame};

/// Arguments of `ichiba demo`.
#[derive(clap::Args)]
pub struct Args {
    /// The field being typed: title, description, brand or free (F2 cycles).
    #[arg(long, default_value = "title")]
    field: Field,
    /// How many suggestions to show (1 to 9).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=9))]
    top: u8,
    /// Use this dictionary file instead of the embedded default.
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Start with this text in the input line.
    #[arg(long, default_value = "")]
    text: String,
}

/// Runs `ichiba demo` until Esc or Ctrl-C.
pub fn run(args: Args) -> Result<()> {
    let engine = super::engine(args.dict.as_deref())?;
    let mut app = App {
        engine,
        field: args.field,
        top: usize::from(args.top),
        cursor: args.text.len(),
        text: args.text,
        suggestions: Vec::new(),
        table: TableState::default(),
        micros: 0,
        message: String::from("type a word: しゅぷ, shupu, ナイキのすに, 新品み…"),
    };
    app.refresh();
    let mut terminal = ratatui::try_init().context("ichiba demo needs an interactive terminal")?;
    let result = app.run(&mut terminal);
    ratatui::restore();
    result
}

struct App {
    engine: Engine,
    field: Field,
    top: usize,
    text: String,
    /// Byte offset into `text`, on a char boundary.
    cursor: usize,
    suggestions: Vec<Suggestion>,
    table: TableState,
    micros: u128,
    message: String,
}

impl App {
    fn run(&mut self, terminal: &mut DefaultTerminal) -> Result<()> {
        loop {
            terminal.draw(|frame| self.draw(frame))?;
            let Event::Key(key) = event::read()? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            if !self.on_key(key) {
                return Ok(());
            }
        }
    }

    /// Handles one key; `false` to quit.
    fn on_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let n = self.suggestions.len();
        match key.code {
            KeyCode::Esc => return false,
            KeyCode::Char('c' | 'd') if ctrl => return false,
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char(d @ '1'..='9') if alt => {
                let i = (d as usize) - ('1' as usize);
                if i < n {
                    self.pick(i);
                }
                return true;
            }
            KeyCode::Tab | KeyCode::Down if n > 0 => {
                self.table
                    .select(Some(self.selected().map_or(0, |i| (i + 1) % n)));
                return true;
            }
            KeyCode::BackTab | KeyCode::Up if n > 0 => {
                self.table
                    .select(Some(self.selected().map_or(0, |i| (i + n - 1) % n)));
                return true;
            }
            KeyCode::Enter => {
                if let Some(i) = self.selected() {
                    self.pick(i);
                }
                return true;
            }
            KeyCode::F(2) => {
                self.field = match self.field {
                    Field::Title => Field::Description,
                    Field::Description => Field::Brand,
                    Field::Brand => Field::Category,
                    Field::Category => Field::Free,
                    _ => Field::Title,
                };
            }
            KeyCode::Left => self.cursor = prev_char(&self.text, self.cursor),
            KeyCode::Right => self.cursor = next_char(&self.text, self.cursor),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            KeyCode::Backspace => {
                let start = prev_char(&self.text, self.cursor);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Delete => {
                let end = next_char(&self.text, self.cursor);
                self.text.replace_range(self.cursor..end, "");
            }
            KeyCode::Char(c) if !ctrl && !alt => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            _ => return true,
        }
        self.refresh();
        true
    }

    fn selected(&self) -> Option<usize> {
        self.table
            .selected()
            .filter(|&i| i < self.suggestions.len())
    }

    /// Replaces the span of suggestion `i` with its surface.
    fn pick(&mut self, i: usize) {
        let Some(s) = self.suggestions.get(i) else {
            return;
        };
        let (start, end) = (s.replace.start, s.replace.end);
        let Some(replaced) = self.text.get(start..end).map(str::to_owned) else {
            return;
        };
        let surface = s.surface.clone();
        self.text.replace_range(start..end, &surface);
        self.cursor = start + surface.len();
        self.message = format!("picked #{}: “{replaced}” → {surface}", i + 1);
        self.suggestions.clear();
        self.table.select(None);
    }

    /// Asks the engine again for the text and cursor as they are now.
    fn refresh(&mut self) {
        let started = Instant::now();
        let answer = self.engine.suggest(
            &Request::new(&self.text)
                .cursor(self.cursor)
                .field(self.field)
                .top_k(self.top),
        );
        self.micros = started.elapsed().as_micros();
        match answer {
            Ok(s) => self.suggestions = s,
            Err(e) => {
                self.suggestions.clear();
                self.message = format!("error: {e}");
            }
        }
        self.table
            .select((!self.suggestions.is_empty()).then_some(0));
    }

    fn draw(&mut self, frame: &mut Frame) {
        let [input_area, table_area, help_area] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(4),
            Constraint::Length(2),
        ])
        .areas(frame.area());

        let title = format!(" ichiba demo — field: {:?} (F2) ", self.field).to_lowercase();
        let input = Paragraph::new(self.text.as_str()).block(Block::bordered().title(title));
        frame.render_widget(input, input_area);
        let before = Line::from(&self.text[..self.cursor]).width();
        let x = input_area.x + 1 + u16::try_from(before).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(
            x.min(input_area.right().saturating_sub(2)),
            input_area.y + 1,
        ));

        let header = Row::new(["#", "surface", "reading", "kind", "score", "replaces"])
            .style(Style::new().add_modifier(Modifier::BOLD));
        let rows = self.suggestions.iter().enumerate().map(|(i, s)| {
            let replaced = self.text.get(s.replace.start..s.replace.end).unwrap_or("");
            Row::new([
                Cell::from(format!("{}", i + 1)),
                Cell::from(s.surface.as_str()),
                Cell::from(s.reading.as_str()),
                Cell::from(s.kind.to_string()),
                Cell::from(format!("{:.3}", s.score)),
                Cell::from(format!("“{replaced}”")),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(2),
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Length(9),
                Constraint::Length(7),
                Constraint::Fill(1),
            ],
        )
        .header(header)
        .row_highlight_style(Style::new().fg(Color::Black).bg(Color::LightRed))
        .highlight_symbol("▶ ")
        .block(Block::bordered().title(format!(
            " {} suggestions · {} µs ",
            self.suggestions.len(),
            self.micros
        )));
        frame.render_stateful_widget(table, table_area, &mut self.table);

        let help = Paragraph::new(vec![
            Line::from(Span::raw(self.message.as_str())),
            Line::from(Span::styled(
                "Tab/↓ next · Shift-Tab/↑ prev · Enter pick · Alt+1…9 pick n · ←/→ move · F2 field · Esc quit",
                Style::new().fg(Color::DarkGray),
            )),
        ]);
        frame.render_widget(help, help_area);
    }
}

fn prev_char(text: &str, i: usize) -> usize {
    text[..i].char_indices().next_back().map_or(0, |(j, _)| j)
}

fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(i, |c| i + c.len_utf8())
}
