"""The entry form's address decisions: what is at the typed address (cardplace), the choices F7 or
Ctrl+S offer when a building, room or household there is undecided, and F4's household loaded to
edit. A mixin of ``CardEntryForm``, whose fields and checks it reads."""

from __future__ import annotations

from forms.cards import place as place_text
from forms.cards.widgets import choose
from gridapp.models import Household
from gridapp.services import cardplace, cards
from gridapp.services.cardinput import parse_card


class AddressChoices:
    def _place(self, choices: bool = True):
        grid = self.current_grid()
        if grid is None:
            return None, None
        parsed = parse_card(self.raw(choices), grid.community_id)
        return cardplace.locate(grid, parsed, self.household), parsed

    def choose_place(self, saving: bool = False) -> bool:
        """F7, and Ctrl+S while something is undecided: the clerk chooses with one key what only
        they can decide about the address. True when nothing is left to decide."""
        for _ in range(3):  # a building chosen may still lack the room
            place, parsed = self._place(choices=saving)
            if place is None or not place.unsettled:
                if not saving:
                    self.status.setText("该地址无需选择。")
                return True
            if saving and parsed.errors:
                return True  # the card cannot be saved as it is: say why first, ask later
            question, answers = place_text.options(place, parsed)
            chosen = choose(question, [text for text, _ in answers], self.building)
            if chosen is None:
                self.building.setFocus()
                return False
            action = answers[chosen][1]
            if action[0] == "load":
                self.edit_household(action[1])
                return False
            if action[0] == "building":
                self.building.setText(action[1])
            elif action[0] == "room":
                self.unit.setText(str(action[1][0]))
                self.room.setText(action[1][1])
            else:
                self._settled["address" if action[0] == "new_address" else "household"] = self._address_key()
            self.check()
            saving = True  # settled by this choice, or ask for what is left
        return not self._place()[0].unsettled

    def load_household_here(self) -> None:
        place, _parsed = self._place()
        residents = place.residents if place is not None else []
        if len(residents) > 1:
            chosen = choose("该地址住有多户，载入哪一户来修改？", [str(r) for r in residents], self.building)
            residents = [residents[chosen]] if chosen is not None else []
        if residents:
            self.edit_household(residents[0].household)

    def edit_household(self, household: Household) -> None:
        self._replace_with(cards.household_as_card(household, "") | {"household_id": str(household.id)})
        self.head.name.setFocus()
