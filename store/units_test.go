package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

func testUnits() []domain.Unit {
	return []domain.Unit{
		{Name: "岳阳县政府", Kind: domain.District, Aliases: []string{"岳阳县"}},
		{Name: "临湘市政府", Kind: domain.District, Aliases: []string{"临湘", "临湘市"}},
		{Name: "市规划局", Kind: domain.Department},
		{Name: "市金融办", Kind: domain.Department, Aliases: []string{"金融办"}},
		{Name: "市审计局", Kind: domain.Department},
	}
}

func unitNames(us []domain.Unit) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func TestUnits(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ins, upd, err := s.UpsertUnits(ctx, testUnits())
		if err != nil || ins != 5 || upd != 0 {
			t.Fatalf("first UpsertUnits = %d, %d, %v", ins, upd, err)
		}
		ins, upd, err = s.UpsertUnits(ctx, testUnits())
		if err != nil || ins != 0 || upd != 0 {
			t.Fatalf("repeat UpsertUnits = %d, %d, %v", ins, upd, err)
		}
		changed := testUnits()[3:4]
		changed[0].Aliases = []string{"金融办", "市金融"}
		moved := domain.Unit{Name: "市规划局", Kind: domain.District}
		ins, upd, err = s.UpsertUnits(ctx, append(changed, moved, domain.Unit{Name: " 市交通局 ", Kind: domain.Department}))
		if err != nil || ins != 1 || upd != 2 {
			t.Fatalf("changing UpsertUnits = %d, %d, %v", ins, upd, err)
		}

		units, err := s.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"临湘市政府", "岳阳县政府", "市规划局", "市交通局", "市审计局", "市金融办"}
		if got := unitNames(units); !slices.Equal(got, want) {
			t.Fatalf("Units = %v, want %v", got, want)
		}
		if got := units[5].Aliases; !slices.Equal(got, []string{"市金融", "金融办"}) {
			t.Fatalf("aliases = %v", got)
		}

		t.Run("by name or alias", func(t *testing.T) {
			for key, want := range map[string]string{"临湘": "临湘市政府", "临湘市政府": "临湘市政府", " 市金融 ": "市金融办"} {
				u, err := s.UnitByName(ctx, key)
				if err != nil || u.Name != want {
					t.Errorf("UnitByName(%q) = %q, %v; want %q", key, u.Name, err, want)
				}
				byID, err := s.Unit(ctx, u.ID)
				if err != nil || byID.Name != want || byID.Kind == "" {
					t.Errorf("Unit(%d) = %+v, %v", u.ID, byID, err)
				}
			}
			if _, err := s.UnitByName(ctx, "临湘市政"); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("UnitByName(partial) err = %v, want domain.ErrNotFound", err)
			}
			if _, err := s.Unit(ctx, 9999); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("Unit(9999) err = %v, want domain.ErrNotFound", err)
			}
		})

		t.Run("refused alias", func(t *testing.T) {
			tests := []domain.Unit{
				{Name: "市统计局", Kind: domain.Department, Aliases: []string{"临湘"}},   // another unit's alias
				{Name: "市统计局", Kind: domain.Department, Aliases: []string{"市规划局"}}, // another unit's name
				{Name: "岳阳县", Kind: domain.District},                               // name equal to an alias
				{Name: "市统计局", Kind: "bureau"},                                     // bad kind
			}
			for _, u := range tests {
				if _, _, err := s.UpsertUnits(ctx, []domain.Unit{u}); err == nil {
					t.Errorf("UpsertUnits(%+v) succeeded", u)
				}
			}
			if n, _ := s.UnitCount(ctx); n != 6 {
				t.Errorf("UnitCount after refusals = %d, want 6", n)
			}
		})

		t.Run("find leniently", func(t *testing.T) {
			tests := []struct {
				frag string
				want []string
			}{
				{"临湘", []string{"临湘市政府"}},          // exact alias wins alone
				{"政府", []string{"临湘市政府", "岳阳县政府"}}, // substring
				{"市 规划", []string{"市规划局"}},         // spaces ignored
				{"岳阳县人民政府", []string{"岳阳县政府"}},     // alias inside the text
				{"局", []string{"市规划局", "市交通局", "市审计局"}},
				{"", nil},
				{"公安", nil},
			}
			for _, tc := range tests {
				got, err := s.FindUnits(ctx, tc.frag)
				if err != nil || !slices.Equal(unitNames(got), tc.want) {
					t.Errorf("FindUnits(%q) = %v, %v; want %v", tc.frag, unitNames(got), err, tc.want)
				}
			}
		})
	})
}
